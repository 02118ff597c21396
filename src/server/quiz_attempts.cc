// Quiz attempts: a quiz answered on a page, scored here as in the terminal.
#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include <fmt/format.h>

#include "server/api_support.h"
#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

void App::post_quiz_attempt(const store::User& who, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto quiz = string_member(parsed.value, "quiz", refused);
  const auto mode = string_member(parsed.value, "mode", refused, false);
  if (refused) return reply(std::move(*refused));
  if (mode && *mode != "practice" && *mode != "exam")
    return reply(error(400, "bad_mode", "'mode' is \"practice\" or \"exam\""));
  const auto live = m_site.current();
  const guide::Guide* page = live->guide(*quiz);
  if (page == nullptr || page->quizzes.empty())
    return reply(error(404, "unknown_quiz", fmt::format("no quiz page at '{}'", *quiz)));
  const auto responses = parsed.value.find("responses");
  if (responses == parsed.value.end() || !responses->is_array() || responses->empty())
    return reply(error(400, "wrong_type", "'responses' must be a non-empty array"));
  // Only the items the parser could read a right answer from are scored, as
  // the page and the terminal score them (prepdeck check tells why the others are not).
  const std::size_t scorable = engine::scorable_items(page->quizzes);
  if (responses->size() > scorable)
    return reply(error(400, "too_many_responses", "more responses than the quiz has items it can score"));

  const engine::QuizItemLevels levels(live->guides);
  store::QuizAttempt attempt;
  attempt.quiz = page->path;
  attempt.mode = mode.value_or("practice");
  attempt.finished = m_options.clock();
  attempt.started = attempt.finished;
  if (const auto s = parsed.value.find("started"); s != parsed.value.end() && s->is_string()) {
    if (auto t = util::parse_iso8601(s->get<std::string>()); t && *t <= attempt.finished) attempt.started = *t;
  }
  attempt.items = static_cast<int>(scorable);
  std::vector<engine::LevelledResult> levelled;
  json scored = json::array();
  std::set<std::string> seen;
  for (const auto& r : *responses) {
    if (!r.is_object()) return reply(error(400, "wrong_type", "each response is an object {item, answer}"));
    std::optional<Response> bad;
    const auto item_id = string_member(r, "item", bad);
    if (bad) return reply(std::move(*bad));
    const guide::Guide* owner = nullptr;
    const guide::QuizItem* item = live->quiz_item(*item_id, &owner);
    if (item == nullptr || owner != page)
      return reply(error(404, "unknown_item", fmt::format("'{}' is not an item of this quiz", *item_id)));
    if (!item->valid)
      return reply(
          error(400, "unscorable_item",
                fmt::format("'{}' cannot be scored (prepdeck check tells why); the page leaves it out", *item_id)));
    if (!seen.insert(*item_id).second)
      return reply(error(400, "duplicate_item", fmt::format("'{}' is answered twice", *item_id)));
    const auto a = r.find("answer");
    if (a == r.end()) return reply(error(400, "missing_field", "each response needs an 'answer'"));
    engine::QuizAnswer answer;
    std::string as_given;
    if (auto refused_answer = parse_answer(*item, *a, answer, as_given)) return reply(std::move(*refused_answer));
    const engine::ItemScore s = engine::score_item(*item, answer, engine::Credit::all_or_nothing);
    attempt.score += s.score;
    attempt.responses.push_back(store::QuizResponse{item->id, as_given, s.score, s.correct});
    levelled.push_back(engine::LevelledResult{levels.of(*item), s.correct});
    scored.push_back({{"item", item->id}, {"correct", s.correct}, {"score", s.score}});
  }
  // Items not answered count as wrong for the verdict, as in the terminal.
  for (const auto& item : page->quizzes) {
    if (item.valid && !seen.count(item.id)) levelled.push_back(engine::LevelledResult{levels.of(item), false});
  }
  attempt.verdict = std::string(guide::to_string(engine::quiz_verdict(levelled)));
  auto id = std::make_shared<std::int64_t>(0);
  const store::UserId user = who.id;
  json result = {{"quiz", attempt.quiz},
                 {"score", attempt.score},
                 {"items", attempt.items},
                 {"verdict", attempt.verdict},
                 {"responses", scored}};
  m_db.write(
      [user, attempt, id](store::Store& st) -> util::Expected<void> {
        auto saved = st.record_quiz_attempt(user, attempt);
        if (!saved) return tl::unexpected(saved.error());
        *id = *saved;
        return {};
      },
      [id, result = std::move(result), reply = std::move(reply)](const util::Expected<void>& done) mutable {
        if (!done) return reply(store_error(done.error()));
        result["id"] = *id;
        reply(json_response(201, dump(result)));
      });
}

Response App::get_quiz_attempts(const store::User& user) {
  auto reader = m_db.reader();
  auto attempts = reader->quiz_attempts(user.id);
  if (!attempts) return store_error(attempts.error());
  json out = json::array();
  for (const auto& a : *attempts) {
    json responses = json::array();
    for (const auto& r : a.responses)
      responses.push_back({{"item", r.item_id}, {"answer", r.answer}, {"correct", r.correct}, {"score", r.score}});
    out.push_back({{"id", a.id},
                   {"quiz", a.quiz},
                   {"started", util::format_iso8601(a.started)},
                   {"finished", util::format_iso8601(a.finished)},
                   {"score", a.score},
                   {"items", a.items},
                   {"verdict", a.verdict},
                   {"mode", a.mode},
                   {"responses", responses}});
  }
  return ok({{"attempts", out}});
}

}  // namespace prepdeck::server
