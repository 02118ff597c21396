// The review queue, grading a card and undoing a grade.
#include <algorithm>
#include <charconv>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "engine/known.h"
#include "server/api_support.h"
#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

std::string App::next_card_json(const store::User& user, const LiveSite& live, const std::string& guide_path) {
  engine::ReviewQueue queue(live.guides, m_options.new_per_day, guide_path);
  const util::Time now = m_options.clock();
  {
    auto reader = m_db.reader();
    auto cards = reader->cards(user.id);
    auto today = reader->reviews(user.id, util::start_of_local_day(now));
    if (!cards || !today) throw std::runtime_error(!cards ? cards.error().message : today.error().message);
    queue.load(*cards, *today);
  }
  const auto [due, fresh] = queue.counts(now);
  json j = {{"due", due}, {"new", fresh}, {"total", queue.items().size()}};
  const auto next = queue.pick(now);
  j["card"] = next ? card_json(queue.items()[*next], m_scheduler, now, live.guides.url_style) : json(nullptr);
  if (!next) {
    std::optional<util::Time> soonest;
    for (const auto& item : queue.items()) {
      if (item.card && item.card->state != engine::CardState::fresh && (!soonest || item.card->due < *soonest))
        soonest = item.card->due;
    }
    if (soonest) j["next_due"] = util::format_iso8601(*soonest);
  }
  return dump(j);
}

Response App::review_queue(const store::User& user, const Request& request) {
  const auto live = m_site.current();
  std::string guide_path(request.param("guide").value_or(""));
  if (!guide_path.empty() && live->guide(guide_path) == nullptr)
    return error(404, "unknown_guide", fmt::format("no guide at '{}'", guide_path));
  return json_response(200, next_card_json(user, *live, guide_path));
}

void App::post_review(const store::User& who, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto card_id = string_member(parsed.value, "card", refused);
  if (refused) return reply(std::move(*refused));
  const auto rating_it = parsed.value.find("rating");
  if (rating_it == parsed.value.end() || !rating_it->is_number_integer())
    return reply(error(400, "wrong_type", "'rating' must be an integer 1-4"));
  // Range-checked before any conversion: 4294967299 is not 3.
  const auto rating_number = integer_in(*rating_it, 1, 4);
  const auto rating = rating_number ? engine::rating_from_number(static_cast<int>(*rating_number)) : std::nullopt;
  if (!rating) return reply(error(400, "bad_rating", "'rating' must be 1 (again), 2 (hard), 3 (good) or 4 (easy)"));
  int duration_ms = 0;
  if (const auto d = parsed.value.find("duration_ms"); d != parsed.value.end() && !d->is_null()) {
    const auto ms = integer_in(*d, 0, 86'400'000);
    if (!ms) return reply(error(400, "wrong_type", "'duration_ms' must be an integer of milliseconds, at most a day"));
    duration_ms = static_cast<int>(*ms);
  }
  const util::Time now = m_options.clock();
  // When the card's grades were shown (its "previewed"): the fuzz is drawn as
  // the preview drew it. A preview from the future or over a day old is not
  // the one the learner saw: the grade is then scheduled from now.
  std::optional<util::Time> previewed;
  if (const auto p = parsed.value.find("previewed"); p != parsed.value.end() && !p->is_null()) {
    const auto at = p->is_string() ? util::parse_iso8601(p->get<std::string>()) : std::nullopt;
    if (!at)
      return reply(error(400, "wrong_type", "'previewed' is the card's \"previewed\" time, as the queue gave it"));
    if (*at <= now && now - *at <= std::chrono::hours(24)) previewed = *at;
  }
  std::string guide_path(request.param("guide").value_or(""));
  const auto live = m_site.current();
  const guide::Guide* owner = nullptr;
  if (live->question(*card_id, &owner) == nullptr)
    return reply(error(404, "unknown_question", fmt::format("no question has the id '{}'", *card_id)));

  struct Outcome {
    std::int64_t review_id = 0;
    engine::Card after;
  };
  auto outcome = std::make_shared<Outcome>();
  const store::UserId user = who.id;
  const std::string guide = owner->path;
  const engine::Scheduler* scheduler = &m_scheduler;
  // The card is read inside the batch, so two grades of one card in one
  // batch build on each other.
  auto job = [=, id = *card_id, r = *rating](store::Store& st) -> util::Expected<void> {
    auto existing = st.card(user, id);
    if (!existing) return tl::unexpected(existing.error());
    const engine::Card before = *existing ? engine::from_store((*existing)->state) : engine::new_card(now);
    const engine::Scheduled after = scheduler->review(before, now, r, previewed);
    store::Review review;
    review.card_id = id;
    review.guide = guide;
    review.rating = static_cast<int>(r);
    review.reviewed = now;
    review.duration_ms = duration_ms;
    review.before = engine::to_store(before);
    review.after = engine::to_store(after.card);
    review.mark = engine::mark_for_rating(static_cast<int>(r));  // one progress (engine/known.h)
    auto saved = st.record_review(user, review);
    if (!saved) return tl::unexpected(saved.error());
    outcome->review_id = *saved;
    outcome->after = after.card;
    return {};
  };
  m_db.write(std::move(job), [this, who, outcome, live, guide_path, now,
                              reply = std::move(reply)](const util::Expected<void>& done) {
    if (!done) return reply(store_error(done.error()));
    try {
      json j = json::parse(next_card_json(who, *live, guide_path));
      j["review"] = {
          {"id", outcome->review_id},
          {"state", engine::to_string(outcome->after.state)},
          {"due", util::format_iso8601(outcome->after.due)},
          {"interval",
           engine::format_interval(std::chrono::duration_cast<std::chrono::milliseconds>(outcome->after.due - now))}};
      reply(json_response(201, dump(j)));
    } catch (const std::exception& e) {
      reply(error(503, "store", e.what()));
    }
  });
}

void App::undo_review(const store::User& who, std::string_view id_text, Reply reply) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0)
    return reply(error(400, "bad_id", "a review id is a positive integer"));
  auto undone = std::make_shared<std::optional<store::Review>>();
  const store::UserId user = who.id;
  m_db.write(
      [=](store::Store& st) -> util::Expected<void> {
        auto r = st.undo_review(user, id);
        if (!r) return tl::unexpected(r.error());
        *undone = std::move(*r);
        return {};
      },
      [undone, id, reply = std::move(reply)](const util::Expected<void>& done) {
        if (!done) return reply(store_error(done.error()));
        if (!*undone)
          return reply(error(409, "not_undoable",
                             fmt::format("review {} does not exist, or its card was reviewed again since", id)));
        reply(ok({{"undone", id}, {"card", (*undone)->card_id}}));
      });
}

}  // namespace prepdeck::server
