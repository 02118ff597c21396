// What the API's handlers share (server/*.cc, one file per resource): JSON
// bodies in and out, the members a body must have, and the JSON shapes of a
// card, a level-test item and a level result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/fsrs.h"
#include "engine/level_bank.h"
#include "engine/quiz_session.h"
#include "engine/review_queue.h"
#include "guide/model.h"
#include "server/http_types.h"
#include "store/store.h"
#include "util/paths.h"
#include "util/time.h"

namespace prepdeck::server::api {

using json = nlohmann::json;

// JSON text, invalid UTF-8 replaced (a guide's text is checked, not trusted).
std::string dump(const json& j);

bool is_write(Method m);

// A 200 with `j` as its body.
Response ok(json j);

// The request's JSON object body, or the response refusing it.
struct Parsed {
  json value;
  std::optional<Response> refused;
};
// 415 unless the Content-Type is application/json; 400 unless the body is a JSON object.
Parsed parse_object(const Request& request);

// A member that must be a string; nullopt (and `error` set) otherwise.
std::optional<std::string> string_member(const json& j, const char* name, std::optional<Response>& error,
                                         bool required = true);

// The integer `j` holds when it is one and lies in [low, high], compared
// before any conversion (nlohmann's get<int> of 4294967299 is 3).
std::optional<std::int64_t> integer_in(const json& j, std::int64_t low, std::int64_t high);

// The page of a question and its anchor, and of a quiz item.
std::string page_link(const guide::Guide& g, std::string_view item_id, util::UrlStyle style);
std::string quiz_anchor_link(const guide::Guide& g, std::string_view item_id, util::UrlStyle style);

json card_json(const engine::QueueItem& item, const engine::Scheduler& scheduler, util::Time now, util::UrlStyle style);

inline constexpr const char* k_session_cookie = "prepdeck_session";

// The value of cookie `name` in the request's Cookie header.
std::optional<std::string> cookie(const Request& request, std::string_view name);

// A response's answer to `item`: option indexes (as written) for a choice
// item, one text per blank (or a string) for fill-in. The refusal otherwise.
std::optional<Response> parse_answer(const guide::QuizItem& item, const json& a, engine::QuizAnswer& answer,
                                     std::string& as_given);

json level_item_json(const engine::BankEntry& e, std::size_t number, int max_items, util::UrlStyle style);
json level_result_json(const store::LevelResult& r);

}  // namespace prepdeck::server::api
