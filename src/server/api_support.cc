#include "server/api_support.h"

#include <algorithm>

#include <fmt/format.h>

#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server::api {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool is_write(Method m) { return m == Method::post || m == Method::put || m == Method::del; }

// The Content-Type names the media type application/json (any case, any
// parameters such as charset after ';'), not merely contains the words.
bool is_json_media_type(std::optional<std::string_view> type) {
  if (!type) return false;
  const std::string_view media = util::trim(type->substr(0, type->find(';')));
  return util::iequals_ascii(media, "application/json");
}

Parsed parse_object(const Request& request) {
  if (!is_json_media_type(request.get_header("Content-Type")))
    return {{}, App::error(415, "unsupported_media_type", "send the body as application/json")};
  json j = json::parse(request.body, nullptr, false);
  if (j.is_discarded()) return {{}, App::error(400, "bad_json", "the body is not valid JSON (or not UTF-8)")};
  if (!j.is_object()) return {{}, App::error(400, "bad_json", "the body must be a JSON object")};
  return {std::move(j), std::nullopt};
}

// A member that must be a string; nullopt (and `error` set) otherwise.
std::optional<std::string> string_member(const json& j, const char* name, std::optional<Response>& error,
                                         bool required) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) error = App::error(400, "missing_field", fmt::format("'{}' is required", name));
    return std::nullopt;
  }
  if (!it->is_string()) {
    error = App::error(400, "wrong_type", fmt::format("'{}' must be a string", name));
    return std::nullopt;
  }
  return it->get<std::string>();
}

// The integer `j` holds when it is one and lies in [low, high], compared
// before any conversion (nlohmann's get<int> of 4294967299 is 3).
std::optional<std::int64_t> integer_in(const json& j, std::int64_t low, std::int64_t high) {
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (high < 0 || v > static_cast<std::uint64_t>(high) || (low > 0 && v < static_cast<std::uint64_t>(low)))
      return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v < low || v > high) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

std::string page_link(const guide::Guide& g, std::string_view item_id, util::UrlStyle style) {
  const auto slash = item_id.rfind('/');
  const std::string_view anchor = slash == std::string_view::npos ? item_id : item_id.substr(slash + 1);
  return fmt::format("/{}#{}", util::page_url(g.path, style), anchor);
}

json card_json(const engine::QueueItem& item, const engine::Scheduler& scheduler, util::Time now,
               util::UrlStyle style) {
  const guide::Question& q = *item.question;
  const engine::Card card = item.card ? *item.card : engine::new_card(now);
  json intervals = json::array();
  for (const auto& s : scheduler.preview(card, now))
    intervals.push_back(
        engine::format_interval(std::chrono::duration_cast<std::chrono::milliseconds>(s.card.due - now)));
  json j = {{"id", q.id},
            {"guide", item.guide->path},
            {"guide_title", item.guide->title},
            {"url", page_link(*item.guide, q.id, style)},
            {"title", q.title},
            {"level", guide::to_string(q.level)},
            {"state", item.card ? engine::to_string(card.state) : std::string_view("new")},
            {"reps", card.reps},
            {"lapses", card.lapses},
            {"intervals", intervals},
            // Sent back with the grade, so the grade gives the interval shown (Scheduler::review).
            {"previewed", util::format_iso8601(now)}};
  if (q.number) j["number"] = *q.number;
  if (q.hint) j["hint"] = *q.hint;
  if (item.card) j["due"] = util::format_iso8601(card.due);
  if (q.section < item.guide->sections.size() && item.guide->sections[q.section].depth != 0)
    j["section"] = item.guide->sections[q.section].title;
  return j;
}

Response ok(json j) { return json_response(200, dump(j)); }

// The value of cookie `name` in the request's Cookie header.
std::optional<std::string> cookie(const Request& request, std::string_view name) {
  const auto header = request.get_header("Cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

// A response's answer to `item`: option indexes (as written) for a choice
// item, one text per blank (or a string) for fill-in. The refusal otherwise.
std::optional<Response> parse_answer(const guide::QuizItem& item, const json& a, engine::QuizAnswer& answer,
                                     std::string& as_given) {
  if (item.kind == guide::QuizKind::fill) {
    if (a.is_string()) {
      answer.blanks.push_back(a.get<std::string>());
    } else if (a.is_array() && std::all_of(a.begin(), a.end(), [](const json& x) { return x.is_string(); })) {
      for (const auto& x : a) answer.blanks.push_back(x.get<std::string>());
    } else {
      return App::error(400, "wrong_type", "a fill-in answer is a string or an array of strings");
    }
    for (const auto& b : answer.blanks) as_given += (as_given.empty() ? "" : " | ") + b;
    return std::nullopt;
  }
  if (!a.is_array()) return App::error(400, "wrong_type", "a choice answer is an array of option indexes");
  for (const auto& x : a) {
    if (!x.is_number_unsigned() || x.get<std::uint64_t>() >= item.options.size())
      return App::error(400, "bad_option", "option indexes run from 0 to the number of options - 1");
    answer.chosen.push_back(x.get<std::size_t>());
    as_given += (as_given.empty() ? "" : ",") + std::to_string(x.get<std::size_t>() + 1);
  }
  return std::nullopt;
}

std::string quiz_anchor_link(const guide::Guide& g, std::string_view item_id, util::UrlStyle style) {
  const auto slash = item_id.rfind('/');
  const std::string_view anchor = slash == std::string_view::npos ? item_id : item_id.substr(slash + 1);
  return fmt::format("/{}#quiz-{}", util::page_url(g.path, style), anchor);
}

json level_item_json(const engine::BankEntry& e, std::size_t number, int max_items, util::UrlStyle style) {
  json j = {{"number", number}, {"max_items", max_items}, {"topic", e.topic}, {"guide", e.guide->path}};
  if (e.quiz != nullptr) {
    j["id"] = e.quiz->id;
    j["kind"] = "quiz";
    j["quiz_kind"] = guide::to_string(e.quiz->kind);
    j["url"] = quiz_anchor_link(*e.guide, e.quiz->id, style);
    j["options"] = e.quiz->options.size();
  } else {
    j["id"] = e.question->id;
    j["kind"] = "question";
    j["url"] = page_link(*e.guide, e.question->id, style);
    j["title"] = e.question->title;
    if (e.question->number) j["question_number"] = *e.question->number;
    if (e.question->hint) j["hint"] = *e.question->hint;
  }
  return j;
}

json level_result_json(const store::LevelResult& r) {
  json sections = json::array();
  for (const auto& s : r.sections)
    sections.push_back({{"section", s.section},
                        {"theta", s.theta},
                        {"standard_error", s.standard_error},
                        {"items", s.items},
                        {"right", s.right}});
  return {{"verdict", r.verdict}, {"theta", r.theta}, {"standard_error", r.standard_error},
          {"items", r.items},     {"scope", r.scope}, {"sections", sections}};
}

}  // namespace prepdeck::server::api
