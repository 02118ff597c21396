// "Comment your level": comments on a guide, with each author's verified level.
#include <algorithm>
#include <charconv>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "server/api_support.h"
#include "server/app.h"
#include "util/text.h"

namespace prepdeck::server {

using namespace api;

namespace {

json comment_json(const store::Comment& c, const std::optional<store::User>& viewer) {
  json j = {{"id", c.id},
            {"guide", c.guide},
            {"user", {{"id", c.user}, {"name", c.user_name}}},
            {"body", c.body},
            {"created", util::format_iso8601(c.created)},
            {"mine", viewer && viewer->id == c.user},
            {"can_delete", viewer && (viewer->id == c.user || viewer->admin)}};
  if (c.edited) j["edited"] = util::format_iso8601(*c.edited);
  j["level"] = c.level.empty() ? json(nullptr) : json{{"verdict", c.level}, {"source", c.level_source}};
  return j;
}

// The comment's text, or the refusal: a string of 1 to `max` bytes once trimmed.
std::optional<Response> comment_body(const json& j, std::size_t max, std::string& body) {
  std::optional<Response> refused;
  const auto text = string_member(j, "body", refused);
  if (refused) return refused;
  const std::string_view t = util::trim(*text);
  if (t.empty() || t.size() > max)
    return App::error(400, "bad_comment", fmt::format("a comment has 1 to {} bytes of text", max));
  body = std::string(t);
  return std::nullopt;
}

}  // namespace

Response App::get_comments(const Caller& caller, const Request& request) {
  const auto live = m_site.current();
  const std::string guide(request.param("guide").value_or(""));
  const guide::Guide* g = live->guide(guide);
  if (g == nullptr) return error(404, "unknown_guide", fmt::format("no guide at '{}'", guide));
  auto reader = m_db.reader();
  auto list = reader->comments(g->path);
  if (!list) return store_error(list.error());
  json out = json::array();
  for (const auto& c : *list) out.push_back(comment_json(c, caller.user));
  return ok({{"guide", g->path}, {"comments", out}, {"can_comment", caller.user.has_value()}});
}

void App::post_comment(const store::User& who, const Request& request, Reply reply) {
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::optional<Response> refused;
  const auto guide = string_member(parsed.value, "guide", refused);
  if (refused) return reply(std::move(*refused));
  const auto live = m_site.current();
  const guide::Guide* g = live->guide(*guide);
  if (g == nullptr) return reply(error(404, "unknown_guide", fmt::format("no guide at '{}'", *guide)));
  std::string body;
  if (auto bad = comment_body(parsed.value, m_options.max_comment_bytes, body)) return reply(std::move(*bad));
  const util::Time now = m_options.clock();
  // The slot is taken before the write, so comments sent at once count at once;
  // the store's count of saved ones still holds the limit across restarts.
  const std::vector<store::RateKey> slot = {
      {fmt::format("comment:{}", who.id), m_options.comments_per_minute, std::chrono::minutes(1)}};
  if (auto refused_now = reserve(slot, "too_many_comments", "a few comments a minute at most; try again shortly"))
    return reply(std::move(*refused_now));
  {
    util::Expected<int> recent = 0;
    {
      auto reader = m_db.reader();
      recent = reader->comments_since(who.id, now - std::chrono::minutes(1));
    }
    if (!recent || *recent >= m_options.comments_per_minute) release(slot);
    if (!recent) return reply(store_error(recent.error()));
    if (*recent >= m_options.comments_per_minute) {
      Response r = error(429, "too_many_comments", "a few comments a minute at most; try again shortly");
      r.headers.emplace_back("Retry-After", "60");
      return reply(std::move(r));
    }
  }
  auto id = std::make_shared<std::int64_t>(0);
  const std::string path = g->path;
  m_db.write(
      [=, user = who.id](store::Store& st) -> util::Expected<void> {
        auto added = st.add_comment(user, path, body, now);
        if (!added) return tl::unexpected(added.error());
        *id = *added;
        return {};
      },
      [this, id, who, slot, reply = std::move(reply)](const util::Expected<void>& done) {
        if (!done) {
          release(slot);
          return reply(store_error(done.error()));
        }
        auto reader = m_db.reader();
        auto c = reader->comment(*id);
        if (!c || !*c) return reply(error(503, "store", "the comment was saved but cannot be read back"));
        reply(json_response(201, dump(comment_json(**c, who))));
      });
}

void App::change_comment(const store::User& who, std::string_view id_text, const Request& request, Reply reply) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0)
    return reply(error(400, "bad_id", "a comment id is a positive integer"));
  std::optional<store::Comment> existing;
  {
    auto reader = m_db.reader();
    auto c = reader->comment(id);
    if (!c) return reply(store_error(c.error()));
    existing = std::move(*c);
  }
  if (!existing) return reply(error(404, "unknown_comment", fmt::format("no comment {}", id)));
  const bool del = request.method == Method::del;
  if (existing->user != who.id && !(del && who.admin))
    return reply(error(403, "not_yours",
                       del ? "only its author or an admin deletes a comment" : "only its author edits a comment"));
  if (del) {
    m_db.write([id](store::Store& st) { return st.delete_comment(id); },
               [id, reply = std::move(reply)](const util::Expected<void>& done) {
                 if (!done) return reply(store_error(done.error()));
                 reply(ok({{"deleted", id}}));
               });
    return;
  }
  auto parsed = parse_object(request);
  if (parsed.refused) return reply(std::move(*parsed.refused));
  std::string body;
  if (auto bad = comment_body(parsed.value, m_options.max_comment_bytes, body)) return reply(std::move(*bad));
  const std::vector<store::RateKey> slot = {
      {fmt::format("comment-edit:{}", who.id), m_options.comment_edits_per_minute, std::chrono::minutes(1)}};
  if (auto refused_now = reserve(slot, "too_many_edits", "a few comment edits a minute at most; try again shortly"))
    return reply(std::move(*refused_now));
  const util::Time now = m_options.clock();
  m_db.write([id, body, now](store::Store& st) { return st.edit_comment(id, body, now); },
             [this, id, who, slot, reply = std::move(reply)](const util::Expected<void>& done) {
               if (!done) {
                 release(slot);
                 return reply(store_error(done.error()));
               }
               auto reader = m_db.reader();
               auto c = reader->comment(id);
               if (!c || !*c) return reply(error(404, "unknown_comment", "the comment is gone"));
               reply(ok(comment_json(**c, who)));
             });
}

}  // namespace prepdeck::server
