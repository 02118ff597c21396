#include "server/app.h"

#include <exception>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/text.h"

namespace prepdeck::server {

namespace {

// Calls `each(token)` for each comma-separated element of a header value.
template <typename Each>
void for_each_element(std::string_view value, const Each& each) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    each(util::trim(value.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

// Accept-Encoding names gzip (or *) with a non-zero q.
bool accepts_gzip(std::optional<std::string_view> header) {
  if (!header) return false;
  bool gzip = false;
  for_each_element(*header, [&](std::string_view element) {
    const auto semi = element.find(';');
    const std::string_view coding = util::trim(element.substr(0, semi));
    if (!util::iequals_ascii(coding, "gzip") && coding != "*") return;
    bool zero = false;
    if (semi != std::string_view::npos) {
      std::string_view params = util::trim(element.substr(semi + 1));
      if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
        const std::string_view q = util::trim(params.substr(2));
        zero = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    if (util::iequals_ascii(coding, "gzip")) {
      gzip = !zero;
    } else if (!zero && !gzip) {
      gzip = true;
    }
  });
  return gzip;
}

// If-None-Match holds `etag` (weak comparison, as RFC 9110 asks) or "*".
bool matches_etag(std::optional<std::string_view> header, std::string_view etag) {
  if (!header) return false;
  bool match = false;
  for_each_element(*header, [&](std::string_view tag) {
    if (tag == "*") match = true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) match = true;
  });
  return match;
}

// A decoded path that tries to leave the site, or holds what no page path has.
bool is_suspicious(std::string_view path) {
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) return true;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const std::string_view segment = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
    if (segment == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

const char* k_not_found_page =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title>"
    "<link rel=\"stylesheet\" href=\"/assets/prepdeck.css\"></head><body><main class=\"content\" id=\"content\">"
    "<h1>Not found</h1><p>There is no page here. <a href=\"/\">All guides</a></p></main></body></html>\n";

}  // namespace

Response json_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  body += '\n';
  r.body = std::make_shared<const std::string>(std::move(body));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response App::error(int status, std::string_view code, std::string_view message) {
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}}}};
  return json_response(status, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

App::App(SiteHost& site, store::Store& reader, std::mutex& reader_mutex, WriteQueue& writes, Metrics& metrics,
         AppOptions options)
    : m_site(site),
      m_reader(reader),
      m_reader_mutex(reader_mutex),
      m_writes(writes),
      m_metrics(metrics),
      m_options(std::move(options)),
      m_passwords(m_options.max_password_queue) {
  if (!m_options.clock) {
    m_options.clock = [] {
      return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    };
  }
  if (m_options.mode == Mode::users) (void)decoy_hash();  // made now, so no first login takes twice as long
  auto scheduler = engine::Scheduler::create(m_options.fsrs);
  if (scheduler) m_scheduler = std::move(*scheduler);
  std::lock_guard lock(m_reader_mutex);
  auto user = m_reader.local_user();
  if (user) m_user = *user;
}

void App::handle(const Request& request, Reply reply) {
  const auto start = std::chrono::steady_clock::now();
  const std::string_view path = request.path;
  Route route = Route::page;
  if (path.starts_with("/api/") || path == "/api") {
    route = Route::api;
  } else if (path == "/healthz") {
    route = Route::health;
  } else if (path == "/metrics") {
    route = Route::metrics;
  }
  Reply counted = [this, route, start, reply = std::move(reply)](Response response) {
    m_metrics.record(route, response.status, std::chrono::steady_clock::now() - start,
                     response.head_only ? 0 : response.body_size());
    reply(std::move(response));
  };
  try {
    if (request.bad_target || !util::is_valid_utf8(request.path) || is_suspicious(request.path)) {
      counted(error(400, "bad_path", "the request path is malformed or leaves the site"));
      return;
    }
    switch (route) {
      case Route::api:
        api(request, path.substr(std::min<std::size_t>(path.size(), 5)), std::move(counted));
        return;
      case Route::health:
        counted(health());
        return;
      case Route::metrics:
        counted(metrics_text());
        return;
      default:
        page(request, counted);
        return;
    }
  } catch (const std::exception& e) {
    counted(error(500, "internal", e.what()));
  }
}

void App::page(const Request& request, Reply& reply) {
  if (request.method != Method::get && request.method != Method::head) {
    Response r = error(405, "method_not_allowed", "pages answer GET and HEAD");
    r.headers.emplace_back("Allow", "GET, HEAD");
    reply(std::move(r));
    return;
  }
  const auto live = m_site.current();
  const Resource* resource = live->site->find(request.path);
  if (resource == nullptr) {
    const auto accept = request.get_header("Accept");
    if (accept && accept->find("text/html") != std::string_view::npos) {
      Response r;
      r.status = 404;
      r.content_type = "text/html; charset=utf-8";
      r.body = std::make_shared<const std::string>(k_not_found_page);
      reply(std::move(r));
    } else {
      reply(error(404, "not_found", fmt::format("no page at {}", request.path)));
    }
    return;
  }
  const bool gzip = !resource->gzip.empty() && accepts_gzip(request.get_header("Accept-Encoding"));
  const std::string& etag = gzip ? resource->gzip_etag : resource->etag;
  Response r;
  r.content_type = resource->content_type;
  r.headers.reserve(5);
  r.headers.emplace_back("ETag", etag);
  // Pages change when their guide does (live reload): always revalidate,
  // which a matching ETag makes a bodiless 304.
  r.headers.emplace_back("Cache-Control", "no-cache");
  if (!resource->gzip.empty()) r.headers.emplace_back("Vary", "Accept-Encoding");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (matches_etag(request.get_header("If-None-Match"), etag)) {
    r.status = 304;
    reply(std::move(r));
    return;
  }
  if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
  // The body stays inside the snapshot, which the pointer keeps alive.
  r.body = std::shared_ptr<const std::string>(live, gzip ? &resource->gzip : &resource->body);
  r.head_only = request.method == Method::head;
  reply(std::move(r));
}

Response App::health() const {
  const auto live = m_site.current();
  nlohmann::json j = {{"status", "ok"},
                      {"version", live->version},
                      {"guides", live->guides.guides.size()},
                      {"pages", live->site->pages()}};
  return json_response(200, j.dump());
}

Response App::metrics_text() const {
  const auto live = m_site.current();
  Metrics::Extra extra;
  extra.write_batches = m_writes.batches();
  extra.writes = m_writes.writes();
  extra.reloads = m_site.reloads();
  extra.site_version = live->version;
  extra.pages = live->site->pages();
  extra.site_bytes = live->site->bytes();
  extra.long_polls = m_site.waiting();
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = std::make_shared<const std::string>(m_metrics.text(extra));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace prepdeck::server
