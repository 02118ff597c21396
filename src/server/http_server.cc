#include "server/http_server.h"

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <mutex>
#include <ostream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <restinio/all.hpp>

namespace prepdeck::server {

namespace {

// asio's io_context, with shutdown() in reach: it destroys the handlers
// still queued (and the connections they hold) without destroying the
// services, as asio's own destructor does first.
class IoContext : public restinio::asio_ns::io_context {
 public:
  using restinio::asio_ns::execution_context::shutdown;
};

struct Traits : public restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
};

Method method_of(const restinio::http_method_id_t& m) {
  if (m == restinio::http_method_get()) return Method::get;
  if (m == restinio::http_method_head()) return Method::head;
  if (m == restinio::http_method_post()) return Method::post;
  if (m == restinio::http_method_put()) return Method::put;
  if (m == restinio::http_method_delete()) return Method::del;
  return Method::other;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

// Requests being handled, so that shutdown can wait for them.
struct InFlight {
  std::mutex mutex;
  std::condition_variable idle;
  std::size_t count = 0;
  std::atomic<bool> draining{false};

  void begin() {
    std::lock_guard lock(mutex);
    ++count;
  }
  void end() {
    std::lock_guard lock(mutex);
    if (--count == 0) idle.notify_all();
  }
  bool wait_idle(std::chrono::milliseconds grace) {
    std::unique_lock lock(mutex);
    return idle.wait_for(lock, grace, [this] { return count == 0; });
  }

  // Responses handed to RESTinio whose bytes are not written yet: stopping
  // the event loop before they are would cut them off.
  std::atomic<std::size_t> writing{0};
  void written() {
    if (writing.fetch_sub(1) == 1) {
      std::lock_guard lock(mutex);
      idle.notify_all();
    }
  }
  bool wait_written(std::chrono::milliseconds grace) {
    std::unique_lock lock(mutex);
    return idle.wait_for(lock, grace, [this] { return writing.load() == 0; });
  }
};

class AccessLog {
 public:
  AccessLog(std::ostream* out, bool reload_polls) : m_out(out), m_reload_polls(reload_polls) {}
  void write(const restinio::request_t& req, int status, std::size_t bytes, std::chrono::nanoseconds took) {
    if (m_out == nullptr) return;
    const std::string_view target(req.header().request_target().data(), req.header().request_target().size());
    if (!m_reload_polls && status < 400 && (target == "/api/reload" || target.starts_with("/api/reload?"))) return;
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    const auto& h = req.header();
    std::string line = fmt::format(
        "{} - - [{}] \"{} {} HTTP/{}.{}\" {} {} {:.3f}ms\n", req.remote_endpoint().address().to_string(), when,
        h.method().c_str(), std::string_view(h.request_target().data(), h.request_target().size()), h.http_major(),
        h.http_minor(), status, bytes, std::chrono::duration<double, std::milli>(took).count());
    std::lock_guard lock(m_mutex);
    *m_out << line;
    m_out->flush();
  }

 private:
  std::ostream* m_out;
  bool m_reload_polls;
  std::mutex m_mutex;
};

void send(const restinio::request_handle_t& req, Response&& response, bool close, InFlight& in_flight) {
  auto rb = req->create_response<restinio::user_controlled_output_t>(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)}, reason_phrase(response.status)});
  rb.append_header(restinio::http_field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) rb.append_header(name, std::move(value));
  if (close) rb.connection_close();
  // User-controlled output: the Content-Length is ours to set. A HEAD
  // answer states the GET body's length and sends none; a 304 has none.
  rb.set_content_length(response.status == 304 ? 0 : response.body_size());
  if (response.status != 304 && !response.head_only && response.body) rb.set_body(std::move(response.body));
  in_flight.writing.fetch_add(1);
  rb.done([&in_flight](const restinio::asio_ns::error_code&) { in_flight.written(); });
}

}  // namespace

util::Expected<void> run_http_server(App& app, const HttpOptions& options,
                                     const std::function<void(std::uint16_t port)>& ready,
                                     const std::function<void()>& before_exit) {
  const unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  InFlight in_flight;
  AccessLog log(options.access_log, options.log_reload_polls);

  auto handler = [&app, &in_flight, &log](const restinio::request_handle_t& req) {
    const auto start = std::chrono::steady_clock::now();
    in_flight.begin();
    Request request;
    const auto& h = req->header();
    request.method = method_of(h.method());
    // In a path '+' is itself (RESTinio's decoder would make it a space, as in a query).
    std::string raw_path(h.path().data(), h.path().size());
    for (std::size_t plus = raw_path.find('+'); plus != std::string::npos; plus = raw_path.find('+', plus + 3))
      raw_path.replace(plus, 1, "%2B");
    const auto path = restinio::utils::try_unescape_percent_encoding<restinio::utils::relaxed_unescape_traits>(
        restinio::string_view_t(raw_path.data(), raw_path.size()));
    if (path) {
      request.path = *path;
    } else {
      request.bad_target = true;
    }
    if (const auto query = h.query(); !query.empty()) {
      const auto parsed = restinio::try_parse_query<restinio::parse_query_traits::relaxed>(query);
      if (parsed) {
        for (const auto& [key, value] : *parsed)
          request.query.emplace_back(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
      } else {
        request.bad_target = true;
      }
    }
    request.body = std::string_view(req->body());
    request.remote = req->remote_endpoint().address().to_string();
    request.header = [req](std::string_view name) -> std::optional<std::string_view> {
      const auto value = req->header().opt_value_of(restinio::string_view_t(name.data(), name.size()));
      if (!value) return std::nullopt;
      return std::string_view(value->data(), value->size());
    };
    app.handle(request, [req, start, &in_flight, &log](Response response) {
      const int status = response.status;
      const std::size_t bytes = response.head_only ? 0 : response.body_size();
      try {
        send(req, std::move(response), in_flight.draining.load(), in_flight);
      } catch (const std::exception&) {
        // The connection went away; nothing to answer.
      }
      log.write(*req, status, bytes, std::chrono::steady_clock::now() - start);
      in_flight.end();
    });
    return restinio::request_accepted();
  };

  auto io = std::make_shared<IoContext>();
  auto settings = restinio::server_settings_t<Traits>{}
                      .address(options.address)
                      .port(options.port)
                      .request_handler(handler)
                      .read_next_http_message_timelimit(options.idle_timeout)
                      .write_http_response_timelimit(options.write_timeout)
                      // Long polls (/api/reload) and group commits hold a request for a while.
                      .handle_request_timeout(std::chrono::seconds(60))
                      .max_pipelined_requests(16)
                      .max_parallel_connections(options.max_connections)
                      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                                    .max_url_size(options.max_header_bytes)
                                                    .max_field_name_size(1024)
                                                    .max_field_value_size(options.max_header_bytes)
                                                    .max_field_count(options.max_header_fields)
                                                    .max_body_size(options.max_transport_body));
  restinio::http_server_t<Traits> server{restinio::external_io_context(*io), std::move(settings)};

  std::string failure;
  std::atomic<bool> opened{false};
  restinio::asio_ns::signal_set signals(*io, SIGINT, SIGTERM);
  std::thread stopper;
  signals.async_wait([&](const std::error_code& ec, int) {
    if (ec) return;
    // Stop accepting; answer what is in flight, with Connection: close.
    in_flight.draining = true;
    server.close_async([] {}, [](std::exception_ptr) {});
    stopper = std::thread([&] {
      before_exit();  // long polls answered, so nothing waits on the watcher
      in_flight.wait_idle(options.shutdown_grace);
      // The last answers leave the socket before the loop stops (a callback
      // RESTinio never calls, for a connection already gone, costs 2 s at most).
      in_flight.wait_written(std::chrono::seconds(2));
      io->stop();
    });
  });
  restinio::asio_ns::post(*io, [&] {
    server.open_async(
        [&] {
          opened = true;
          ready(options.port);
        },
        [&](std::exception_ptr e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& x) {
            failure = x.what();
          }
          signals.cancel();
          io->stop();
        });
  });
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([io] { io->run(); });
  io->run();
  for (auto& t : pool) t.join();
  if (stopper.joinable()) stopper.join();
  // Connections still open (a balancer's keep-alive ones) live in handlers
  // the stopped loop holds; they must go while the server, whose connection
  // limiter they count themselves out of, still exists.
  io->shutdown();
  if (!opened) return util::fail(fmt::format("cannot listen on {}:{}: {}", options.address, options.port, failure));
  return {};
}

}  // namespace prepdeck::server
