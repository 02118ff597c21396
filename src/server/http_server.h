// The HTTP transport of `prepdeck serve`: RESTinio on a pool of threads,
// handing each request to the App. The only file that includes RESTinio is
// http_server.cc.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "server/app.h"

namespace prepdeck::server {

struct HttpOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  unsigned threads = 0;  // 0: every core
  // Requests with a larger header block, URL or more fields are dropped.
  std::size_t max_header_bytes = 16u << 10;
  std::size_t max_header_fields = 100;
  // Bodies past this close the connection; the App answers 413 below it.
  std::uint64_t max_transport_body = 16u << 20;
  // A request (its headers and body) must arrive within this time after the
  // connection is idle; slower clients (slowloris) are dropped.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(15);
  std::chrono::milliseconds write_timeout = std::chrono::seconds(30);
  std::size_t max_connections = 4096;
  // After SIGTERM or SIGINT: how long in-flight requests have to finish.
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
  std::ostream* access_log = nullptr;  // one line per request; nullptr: none
  // Leave out the pages' live-reload long polls (GET /api/reload) that end
  // well: on a terminal they are a line every half minute per open tab.
  bool log_reload_polls = true;
};

// Serves until SIGTERM or SIGINT, then stops accepting, calls `before_exit`
// (to answer long polls), lets in-flight requests finish (up to the grace
// period; their writes commit meanwhile) and returns. The caller then stops
// the write queue, which commits whatever is still queued. `ready` is called once
// the socket listens, with its port. Fails when the socket cannot be opened.
util::Expected<void> run_http_server(App& app, const HttpOptions& options,
                                     const std::function<void(std::uint16_t port)>& ready,
                                     const std::function<void()>& before_exit);

}  // namespace prepdeck::server
