#include "server/app.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <stdexcept>

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

// The q of one Accept-Encoding element's parameters ("q=0.5"), 1 when absent;
// a malformed q counts as 0 (RFC 9110 12.4.2: "0", "0.x", "1", "1.000").
double quality(std::string_view params) {
  double q = 1.0;
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string_view param = util::trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    const std::string_view v = util::trim(param.substr(2));
    if (v.empty() || (v[0] != '0' && v[0] != '1') || v.size() > 5 || (v.size() > 1 && v[1] != '.')) return 0.0;
    if (v.size() > 2 && v.substr(2).find_first_not_of("0123456789") != std::string_view::npos) return 0.0;
    q = std::strtod(std::string(v).c_str(), nullptr);
    if (q > 1.0) return 0.0;
  }
  return q;
}

// gzip is acceptable: named with q > 0, or not named and "*" has q > 0.
// An explicit "gzip;q=0" wins over "*" (RFC 9110 12.5.3).
bool accepts_gzip(std::optional<std::string_view> header) {
  if (!header) return false;
  std::optional<double> gzip;
  std::optional<double> any;
  for_each_element(*header, [&](std::string_view element) {
    const auto semi = element.find(';');
    const std::string_view coding = util::trim(element.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : quality(element.substr(semi + 1));
    if (util::iequals_ascii(coding, "gzip") || util::iequals_ascii(coding, "x-gzip")) {
      gzip = std::max(gzip.value_or(0.0), q);
    } else if (coding == "*") {
      any = q;
    }
  });
  if (gzip) return *gzip > 0.0;
  return any && *any > 0.0;
}

// The host part of a Host header value ("[::1]:8080" -> "::1", "example.com." -> "example.com").
std::string_view host_part(std::string_view value) {
  std::string_view host = util::trim(value);
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    host = close == std::string_view::npos ? host.substr(1) : host.substr(1, close - 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos && host.find(':') == colon) {
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return host;
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

// How long a page asked for in a version this instance has not seen waits for it.
constexpr std::chrono::milliseconds k_page_catch_up{3000};

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

Response App::store_error(const util::Error& failure) {
  switch (failure.code) {
    case util::ErrorCode::conflict:
      return error(409, "conflict", failure.message);
    case util::ErrorCode::not_found:
      return error(404, "not_found", failure.message);
    case util::ErrorCode::invalid:
      return error(400, "invalid", failure.message);
    case util::ErrorCode::failed:
    case util::ErrorCode::unavailable:
      break;
  }
  Response r = error(503, "store", failure.message);
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

App::App(SiteHost& site, store::Database& db, Metrics& metrics, ApiFormats formats, AppOptions options)
    : m_site(site),
      m_db(db),
      m_metrics(metrics),
      m_sessions(options.session_cache),
      m_formats(std::move(formats)),
      m_options(std::move(options)),
      m_passwords(m_options.max_password_queue) {
  if (!m_formats.level_chart_svg || !m_formats.analytics_csv)
    throw std::invalid_argument("server::App needs both ApiFormats");
  (void)api_patterns();  // a malformed route table stops the server at start, not at a request
  if (!m_options.clock) {
    m_options.clock = [] {
      return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    };
  }
  if (m_options.mode == Mode::users) (void)decoy_hash();  // made now, so no first login takes twice as long
  auto scheduler = engine::Scheduler::create(m_options.fsrs);
  if (scheduler) m_scheduler = std::move(*scheduler);
  auto reader = m_db.reader();
  auto user = reader->local_user();
  if (user) m_user = *user;
}

void App::handle(const Request& request, Reply reply) {
  const auto start = std::chrono::steady_clock::now();
  const std::string_view path = request.path;
  std::size_t label = Metrics::k_page;
  std::optional<RouteLookup> api_route;
  if (path.starts_with("/api/") || path == "/api") {
    api_route = find_api_route(request, path.substr(std::min<std::size_t>(path.size(), 5)));
    label = api_route->kind == RouteLookup::Kind::found ? Metrics::k_fixed + api_route->index : Metrics::k_api;
  } else if (path == "/healthz") {
    label = Metrics::k_health;
  } else if (path == "/metrics") {
    label = Metrics::k_metrics;
  }
  Reply counted = [this, label, start, reply = std::move(reply)](Response response) {
    m_metrics.record(label, response.status, std::chrono::steady_clock::now() - start,
                     response.head_only ? 0 : response.body_size());
    reply(std::move(response));
  };
  try {
    if (label != Metrics::k_health && !host_allowed(request)) {
      counted(error(421, "unknown_host",
                    "this server does not answer for that Host (a page on another site reaching 127.0.0.1 through "
                    "its own name is refused); start it with --allowed-host NAME to add one"));
      return;
    }
    if (request.bad_target || !util::is_valid_utf8(request.path) || is_suspicious(request.path)) {
      counted(error(400, "bad_path", "the request path is malformed or leaves the site"));
      return;
    }
    if (api_route) return api(request, *api_route, std::move(counted));
    if (label == Metrics::k_health) return counted(health());
    if (label == Metrics::k_metrics) return counted(metrics_text());
    page(request, counted);
  } catch (const std::exception& e) {
    counted(error(500, "internal", e.what()));
  }
}

bool App::host_allowed(const Request& request) const {
  const auto header = request.get_header("Host");
  if (!header || util::trim(*header).empty()) return true;  // HTTP/1.0 and tools; browsers always send one
  // Names compare without case and without allocating: this runs for every request.
  const std::string_view host = host_part(*header);
  for (const std::string& allowed : m_options.allowed_hosts) {
    if (util::iequals_ascii(host_part(allowed), host)) return true;
  }
  if (m_options.mode == Mode::users) return m_options.allowed_hosts.empty();
  return util::iequals_ascii(host, "localhost") || host == "127.0.0.1" || host == "::1";
}

// What answering a page needs from its request, kept while it waits.
struct App::PageAsk {
  std::string path;
  bool head = false;
  bool wants_html = false;
  bool gzip = false;
  std::string if_none_match;
};

void App::page(const Request& request, const Reply& reply) {
  if (request.method != Method::get && request.method != Method::head) {
    Response r = error(405, "method_not_allowed", "pages answer GET and HEAD");
    r.headers.emplace_back("Allow", "GET, HEAD");
    reply(std::move(r));
    return;
  }
  PageAsk ask;
  ask.path = request.path;
  ask.head = request.method == Method::head;
  const auto accept = request.get_header("Accept");
  ask.wants_html = accept && accept->find("text/html") != std::string_view::npos;
  ask.gzip = accepts_gzip(request.get_header("Accept-Encoding"));
  if (const auto match = request.get_header("If-None-Match")) ask.if_none_match = std::string(*match);
  // Live reload heard of version v from one instance and asks for the page
  // in it; behind a load balancer this one may not have seen the change yet.
  // Unless v is one it served before, it answers when its watcher has
  // reloaded (a new version) or after a bound, with what it has then.
  const auto wanted = request.param("v");
  const auto live = m_site.current();
  if (wanted && !wanted->empty() && is_version(*wanted) && *wanted != live->version() &&
      !m_site.served_before(*wanted)) {
    m_site.wait_for_change(live->version(), std::min(m_options.long_poll, k_page_catch_up),
                           [this, ask = std::move(ask), reply](const std::string&) { send_page(ask, reply); });
    return;
  }
  send_page(ask, reply);
}

void App::send_page(const PageAsk& ask, const Reply& reply) const {
  const auto live = m_site.current();
  const Resource* resource = live->site->find(ask.path);
  if (resource == nullptr) {
    if (ask.wants_html) {
      Response r;
      r.status = 404;
      r.content_type = "text/html; charset=utf-8";
      r.body = std::make_shared<const std::string>(k_not_found_page);
      reply(std::move(r));
    } else {
      reply(error(404, "not_found", fmt::format("no page at {}", ask.path)));
    }
    return;
  }
  const bool gzip = !resource->gzip.empty() && ask.gzip;
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
  // Every file gets the policy, not only pages: an SVG from the guides'
  // folder opened by itself is a document that could hold script.
  if (!m_options.content_security_policy.empty()) {
    r.headers.emplace_back("Content-Security-Policy", m_options.content_security_policy + "; frame-ancestors 'none'");
    r.headers.emplace_back("Referrer-Policy", "same-origin");
  }
  if (!ask.if_none_match.empty() && matches_etag(ask.if_none_match, etag)) {
    r.status = 304;
    reply(std::move(r));
    return;
  }
  if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
  // The body stays inside the snapshot, which the pointer keeps alive.
  r.body = std::shared_ptr<const std::string>(live, gzip ? &resource->gzip : &resource->body);
  r.head_only = ask.head;
  reply(std::move(r));
}

Response App::health() const {
  const auto live = m_site.current();
  const auto database = m_db.health();
  nlohmann::json j = {{"status", database ? "ok" : "unavailable"},
                      {"database", database ? "ok" : "unreachable"},
                      {"version", live->version()},
                      {"guides", live->guides.guides.size()},
                      {"pages", live->site->pages()}};
  // A load balancer takes an instance whose database is away out of rotation.
  Response r = json_response(database ? 200 : 503, j.dump());
  if (!database) r.headers.emplace_back("Retry-After", "1");
  return r;
}

Response App::metrics_text() const {
  const auto live = m_site.current();
  Metrics::Extra extra;
  extra.write_batches = m_db.batches();
  extra.writes = m_db.writes();
  extra.reloads = m_site.reloads();
  extra.site_version = live->generation;
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
