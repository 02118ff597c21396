// The adaptive level test: started, answered on any instance (rebuilt from
// the database by replaying its responses), stopped, and its result written.
#include <algorithm>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "engine/known.h"
#include "server/api_support.h"
#include "server/app.h"
#include "server/crypto.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

std::optional<Response> App::rebuild_level_test(store::LevelTestState state, LevelTest& test) const {
  test.live = m_site.current();
  test.bank = engine::make_level_bank(test.live->guides);
  if (!state.scope.empty()) {
    // A guide or folder: the entries whose guide path starts with it.
    engine::LevelBank kept;
    for (std::size_t i = 0; i < test.bank.entries.size(); ++i) {
      if (!test.bank.entries[i].guide->path.starts_with(state.scope)) continue;
      kept.entries.push_back(test.bank.entries[i]);
      kept.items.push_back(test.bank.items[i]);
    }
    test.bank = std::move(kept);
  }
  if (test.bank.items.empty())
    return error(404, "empty_bank", fmt::format("no questions to place you with under '{}'", state.scope));
  engine::PlacementOptions options = m_options.placement;
  options.seed = static_cast<std::uint64_t>(state.seed);
  test.placement = std::make_unique<engine::Placement>(test.bank.items, options);
  // The same seed, bank and responses ask the same questions in the same
  // order on every instance; an answer to an item this bank would not have
  // asked means the guides changed under the test.
  for (const auto& [item, right] : state.responses) {
    const auto asked = test.placement->next_item();
    if (!asked || test.bank.items[*asked].id != item)
      return error(409, "test_outdated", "the guides changed since this level test began; start a new one");
    test.placement->record(*asked, right);
  }
  test.current = test.placement->next_item();
  test.state = std::move(state);
  return std::nullopt;
}

void App::start_level_test(const store::User& who, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const std::string scope = string_member(parsed.value, "scope", refused, false).value_or("");
  if (refused) return reply(std::move(*refused));
  const util::Time now = m_options.clock();
  LevelTest test;
  if (auto failed =
          rebuild_level_test({random_token(16), who.id, scope, now.time_since_epoch().count(), {}, now, now}, test))
    return reply(std::move(*failed));
  {
    // In the database, so that any instance answers the next request. A
    // learner's own oldest test makes room for their next, so one learner
    // starting many cannot push out anyone else's.
    auto reader = m_db.reader();
    const auto room = reader->prune_level_tests(now - m_options.level_test_idle, who.id,
                                                static_cast<int>(m_options.max_level_tests_per_user) - 1,
                                                static_cast<int>(m_options.max_level_tests) - 1);
    if (!room) return reply(store_error(room.error()));
    if (auto made = reader->create_level_test(test.state); !made) return reply(store_error(made.error()));
  }
  reply(json_response(
      201, dump({{"test", test.state.id},
                 {"scope", level_scope(test)},
                 {"bank", test.bank.items.size()},
                 {"item", level_item_json(test.bank.entries[*test.current], 1, test.placement->options().max_items,
                                          test.live->guides.url_style)}})));
}

std::optional<Response> App::find_level_test(const store::User& who, std::string_view id, LevelTest& test) const {
  std::optional<store::LevelTestState> state;
  {
    auto reader = m_db.reader();
    auto found = reader->level_test(id, who.id);
    if (!found) return store_error(found.error());
    state = std::move(*found);
  }
  if (!state || m_options.clock() - state->updated > m_options.level_test_idle)
    return error(404, "unknown_test", "no level test in progress has that id");
  return rebuild_level_test(std::move(*state), test);
}

std::string App::level_scope(const LevelTest& test) {
  return test.state.scope.empty() ? "all guides" : test.state.scope;
}

void App::answer_level_test(const store::User& who, std::string_view id, const Request& request, Reply reply) {
  auto test = std::make_shared<LevelTest>();
  if (auto failed = find_level_test(who, id, *test)) return reply(std::move(*failed));
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto item_id = string_member(parsed.value, "item", refused);
  if (refused) return reply(std::move(*refused));
  if (!test->current || test->bank.items[*test->current].id != *item_id)
    return reply(error(409, "not_current", "answer the item the test asked last"));
  bool correct = false;
  const engine::BankEntry& e = test->bank.entries[*test->current];
  if (e.quiz != nullptr) {
    const auto a = parsed.value.find("answer");
    if (a == parsed.value.end()) return reply(error(400, "missing_field", "a quiz item needs an 'answer'"));
    engine::QuizAnswer answer;
    std::string as_given;
    if (auto bad = parse_answer(*e.quiz, *a, answer, as_given)) return reply(std::move(*bad));
    correct = engine::score_item(*e.quiz, answer, engine::Credit::all_or_nothing).correct;
  } else {
    // Self-graded as in review: 'rating' 1-4, where Hard, Good and Easy are
    // passes (engine/known.h); 'knew' true or false is still read.
    const auto rating = parsed.value.find("rating");
    const auto knew = parsed.value.find("knew");
    if (rating != parsed.value.end()) {
      const auto number = rating->is_number_integer() ? integer_in(*rating, 1, 4) : std::nullopt;
      if (!number) return reply(error(400, "bad_rating", "'rating' must be 1 (again), 2 (hard), 3 (good) or 4 (easy)"));
      correct = engine::is_pass(static_cast<int>(*number));
    } else if (knew != parsed.value.end() && knew->is_boolean()) {
      correct = knew->get<bool>();
    } else {
      return reply(error(400, "wrong_type", "a study question is self-graded: 'rating' is 1-4"));
    }
  }
  const std::size_t answered = test->state.responses.size();
  test->placement->record(*test->current, correct);
  test->current = test->placement->next_item();
  test->state.responses.emplace_back(*item_id, correct);
  test->state.updated = m_options.clock();
  const json feedback = {{"item", *item_id}, {"correct", correct}};
  if (test->current) {
    util::Expected<bool> saved = false;
    {
      auto reader = m_db.reader();
      saved = reader->update_level_test(test->state, answered);
    }
    if (!saved) return reply(store_error(saved.error()));
    // Another answer to the same item (from another tab or instance) came first.
    if (!*saved) return reply(error(409, "not_current", "answer the item the test asked last"));
    const auto estimate = test->placement->estimate();
    return reply(
        ok({{"done", false},
            {"answered", feedback},
            {"estimate", {{"theta", estimate.theta}, {"standard_error", estimate.standard_error}}},
            {"item", level_item_json(test->bank.entries[*test->current], test->placement->responses().size() + 1,
                                     test->placement->options().max_items, test->live->guides.url_style)}}));
  }
  finish_level_test(test, answered, [feedback, reply = std::move(reply)](Response r) mutable {
    if (r.status == 201 && r.body) {
      json j = json::parse(*r.body, nullptr, false);
      if (j.is_object()) {
        j["answered"] = feedback;
        r = json_response(201, dump(j));
      }
    }
    reply(std::move(r));
  });
}

void App::stop_level_test(const store::User& who, std::string_view id, Reply reply) {
  auto test = std::make_shared<LevelTest>();
  if (auto failed = find_level_test(who, id, *test)) {
    if (failed->status != 409) return reply(std::move(*failed));
    // The guides changed under it: nothing to score, the test just goes.
    (void)m_db.reader()->delete_level_test(id, who.id);
    return reply(ok({{"done", true}, {"result", nullptr}}));
  }
  if (test->placement->responses().empty()) {
    util::Expected<bool> gone = false;
    {
      auto reader = m_db.reader();
      gone = reader->delete_level_test(id, who.id);
    }
    if (!gone) return reply(store_error(gone.error()));
    return reply(ok({{"done", true}, {"result", nullptr}}));
  }
  finish_level_test(test, test->state.responses.size(), std::move(reply));
}

void App::finish_level_test(std::shared_ptr<LevelTest> test, std::size_t answered, Reply reply) {
  const store::LevelResult result = engine::level_result(*test->placement, level_scope(*test), m_options.clock());
  const engine::LevelWords words = engine::level_words(*test->placement, !test->placement->finished());
  const bool finished = test->placement->finished();
  // The last answer, the result and the end of the test are one write: an
  // answer that came first elsewhere, or a second Stop, leaves no second result.
  m_db.write(
      [test, answered, result](store::Store& st) -> util::Expected<void> {
        auto current = st.update_level_test(test->state, answered);
        if (!current) return tl::unexpected(current.error());
        if (!*current) return util::fail(util::ErrorCode::conflict, "answer the item the test asked last");
        auto saved = st.record_level(test->state.user, result);
        if (!saved) return tl::unexpected(saved.error());
        auto gone = st.delete_level_test(test->state.id, test->state.user);
        if (!gone) return tl::unexpected(gone.error());
        return {};
      },
      [result, words, finished, reply = std::move(reply)](const util::Expected<void>& done) {
        if (!done) {
          if (done.error().code == util::ErrorCode::conflict)
            return reply(error(409, "not_current", done.error().message));
          return reply(store_error(done.error()));
        }
        json j = {{"done", true}, {"finished", finished}, {"result", level_result_json(result)}};
        j["result"]["words"] = {
            {"level", words.level}, {"detail", words.detail}, {"note", words.note}, {"scale", words.scale}};
        reply(json_response(201, dump(j)));
      });
}

}  // namespace prepdeck::server
