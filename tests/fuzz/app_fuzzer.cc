// libFuzzer target for the web application behind `prepdeck serve`, driven
// without a socket (server/http_types.h): the bytes are requests, split at
// \x01, to an App in local or users mode over a fresh in-memory database, on
// the examples' guides. Every request must be answered exactly once, never
// with a 5xx; every JSON answer must parse, and an error answer must be
// {"error": {"code": "...", "message": "..."}}. Any crash, hang, leak or UB
// is a bug too.
//
// One request: a flags byte (bits 0-2: method GET HEAD POST PUT DELETE;
// bit 3: users mode; bit 4: send the caller's session cookie and CSRF token;
// bit 5: Content-Type: application/json), the target up to '\n'
// ("/api/marks/x?guide=y"), header lines "Name: value" up to an empty line,
// and the body. In the target, headers and body, $C, $S, $T, $I and $R become
// the caller's CSRF token and session token, and the last level-test token,
// item asked and review id seen. APP_FUZZER_TRACE=1 prints each answer's status and start.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "export/analytics_csv.h"
#include "guide/guide_set.h"
#include "render/level_chart.h"
#include "render/site_builder.h"
#include "server/app.h"
#include "server/crypto.h"
#include "server/metrics.h"
#include "server/site_host.h"
#include "source/file_system.h"
#include "store/database.h"
#include "store/store.h"
#include "util/text.h"

namespace {

using namespace prepdeck;

// The examples, rendered once for every input. Long polls answer at once:
// the host is stopped, so nothing waits for a change that never comes.
server::SiteHost& site() {
  static server::SiteHost* host = [] {
    server::GuideLoader load = [] {
      source::DiskFileSystem fs;
      return guide::load_guides(fs, {PREPDECK_SOURCE_DIR "/examples"}, source::LoadOptions{}, 1);
    };
    server::SiteRenderer render = [](const guide::GuideSet& set, const server::FileSink& sink) {
      render::build_site(set, render::BuildOptions{"", 1, {}, "/api/"}, [&sink](render::SiteFile&& f) {
        for (const auto& piece : f.more) f.content += piece;
        sink(server::SiteFile{std::move(f.path), std::move(f.content)});
      });
    };
    auto* made = new server::SiteHost(load, render, {});
    made->stop();
    return made;
  }();
  return *host;
}

const std::string& admin_hash() {
  static const std::string hash = *server::hash_password("admin-password", server::HashCost::minimum);
  return hash;
}

struct Caller {
  std::string csrf;
  std::string session;  // the cookie's token
};

struct Exchange {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::promise<server::Response> answer;
  int replies = 0;
  std::mutex mutex;
};

void check(const server::Response& r) {
  if (r.status < 200 || r.status >= 500) __builtin_trap();
  if (!r.content_type.starts_with("application/json") || r.head_only || !r.body) return;
  const auto json = nlohmann::json::parse(*r.body, nullptr, false);
  if (json.is_discarded()) __builtin_trap();
  if (r.status >= 400) {
    if (!json.contains("error") || !json["error"].is_object()) __builtin_trap();
    const auto& e = json["error"];
    if (!e.contains("code") || !e["code"].is_string() || !e.contains("message") || !e["message"].is_string()) {
      __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto opened = store::Database::open(":memory:");
  if (!opened) __builtin_trap();
  store::Database& db = **opened;
  if (!db.reader()->create_user("admin", admin_hash(), true)) __builtin_trap();
  server::Metrics metrics(server::App::metric_routes());
  const server::ApiFormats formats{render::level_chart_svg, exporter::analytics_csv};
  server::AppOptions local_options;
  local_options.csrf_token = "local-csrf";
  server::AppOptions users_options;
  users_options.mode = server::Mode::users;
  users_options.hash_cost = server::HashCost::minimum;
  users_options.max_body = 4096;
  users_options.csrf_token = "users-csrf";  // before logging in
  std::array<std::unique_ptr<server::App>, 2> apps = {
      std::make_unique<server::App>(site(), db, metrics, formats, local_options),
      std::make_unique<server::App>(site(), db, metrics, formats, users_options)};
  std::array<Caller, 2> callers = {Caller{"local-csrf", ""}, Caller{"users-csrf", ""}};
  std::string test_token;
  std::string review_id;
  std::string item_id;
  std::vector<std::unique_ptr<Exchange>> exchanges;  // alive until every write is answered

  std::size_t start = 0;
  for (int count = 0; start < bytes.size() && count < 24; ++count) {
    std::size_t end = bytes.find('\x01', start);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view text = bytes.substr(start, end - start);
    start = end + 1;
    if (text.empty()) continue;
    const auto flags = static_cast<unsigned char>(text[0]);
    text.remove_prefix(1);
    const int mode = (flags >> 3) & 1;
    Caller& caller = callers[mode];
    std::string request_text(text);
    request_text = util::replace_all(request_text, "$C", caller.csrf);
    request_text = util::replace_all(request_text, "$S", caller.session);
    request_text = util::replace_all(request_text, "$T", test_token);
    request_text = util::replace_all(request_text, "$R", review_id);
    request_text = util::replace_all(request_text, "$I", item_id);

    auto exchange = std::make_unique<Exchange>();
    server::Request request;
    constexpr std::array k_methods = {server::Method::get, server::Method::head, server::Method::post,
                                      server::Method::put, server::Method::del};
    request.method = (flags & 7) < 5 ? k_methods[flags & 7] : server::Method::other;
    const std::string_view all = request_text;
    const std::size_t line_end = std::min(all.find('\n'), all.size());
    std::string_view target = all.substr(0, line_end);
    const std::size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (!request.path.starts_with('/')) request.path.insert(0, "/");
    if (question != std::string_view::npos) {
      std::string_view rest = target.substr(question + 1);
      while (!rest.empty()) {
        const std::size_t amp = std::min(rest.find('&'), rest.size());
        const std::string_view pair = rest.substr(0, amp);
        rest.remove_prefix(std::min(amp + 1, rest.size()));
        const std::size_t eq = pair.find('=');
        request.query.emplace_back(std::string(pair.substr(0, eq)),
                                   eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
      }
    }
    std::size_t at = line_end < all.size() ? line_end + 1 : all.size();
    while (at < all.size()) {
      const std::size_t next = std::min(all.find('\n', at), all.size());
      const std::string_view line = all.substr(at, next - at);
      at = next < all.size() ? next + 1 : all.size();
      if (line.empty()) break;
      const std::size_t colon = line.find(':');
      exchange->headers.emplace_back(
          std::string(line.substr(0, colon)),
          colon == std::string_view::npos ? std::string() : std::string(util::trim(line.substr(colon + 1))));
    }
    exchange->body = std::string(all.substr(at));
    if (flags & 16) {
      exchange->headers.emplace_back("X-CSRF-Token", caller.csrf);
      if (!caller.session.empty()) exchange->headers.emplace_back("Cookie", "prepdeck_session=" + caller.session);
    }
    if (flags & 32) exchange->headers.emplace_back("Content-Type", "application/json");
    request.body = exchange->body;
    request.remote = "127.0.0.1";
    const auto* headers = &exchange->headers;
    request.header = [headers](std::string_view name) -> std::optional<std::string_view> {
      for (const auto& [key, value] : *headers) {
        if (util::iequals_ascii(key, name)) return std::string_view(value);
      }
      return std::nullopt;
    };

    Exchange* ex = exchange.get();
    auto answered = ex->answer.get_future();
    apps[mode]->handle(request, [ex](server::Response r) {
      std::lock_guard lock(ex->mutex);
      if (++ex->replies != 1) __builtin_trap();  // answered twice
      ex->answer.set_value(std::move(r));
    });
    exchanges.push_back(std::move(exchange));
    if (answered.wait_for(std::chrono::seconds(10)) != std::future_status::ready) __builtin_trap();
    const server::Response response = answered.get();
    if (std::getenv("APP_FUZZER_TRACE") != nullptr) {
      std::fprintf(stderr, "%d %s %d %.120s\n", mode, request.path.c_str(), response.status,
                   response.body ? response.body->c_str() : "");
    }
    check(response);

    // What the next requests may refer to.
    for (const auto& [name, value] : response.headers) {
      constexpr std::string_view k_cookie = "prepdeck_session=";
      if (name == "Set-Cookie" && value.starts_with(k_cookie)) {
        caller.session = value.substr(k_cookie.size(), value.find(';') - k_cookie.size());
      }
    }
    if (response.body && response.content_type.starts_with("application/json")) {
      const auto json = nlohmann::json::parse(*response.body, nullptr, false);
      if (json.is_object()) {
        if (json.contains("csrf") && json["csrf"].is_string()) {
          caller.csrf = json["csrf"];
        } else if (json.contains("user") && json["user"].is_null()) {  // logged out
          caller = Caller{mode == 0 ? local_options.csrf_token : users_options.csrf_token, ""};
        }
        if (json.contains("test") && json["test"].is_string()) test_token = json["test"];
        if (json.contains("item") && json["item"].is_object() && json["item"].contains("id") &&
            json["item"]["id"].is_string()) {
          item_id = json["item"]["id"];
        }
        if (json.contains("review") && json["review"].is_object() && json["review"].contains("id")) {
          review_id = json["review"]["id"].dump();
        }
      }
    }
  }
  db.stop();
  return 0;
}
