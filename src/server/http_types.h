// A request and a response as the application sees them, with no HTTP
// library in sight: http_server.cc (the only file that includes RESTinio)
// translates. The application can be driven by tests without a socket.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prepdeck::server {

enum class Method { get, head, post, put, del, other };

// The body and header views point into the transport's buffers: valid until
// the reply is sent.
struct Request {
  Method method = Method::get;
  std::string path;                                        // percent-decoded, starting with '/'
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  bool bad_target = false;                                 // the target could not be decoded: the app answers 400
  std::string_view body;
  std::string remote;  // the peer's address
  // A request header by name (case-insensitive), if present.
  std::function<std::optional<std::string_view>(std::string_view name)> header;

  std::optional<std::string_view> get_header(std::string_view name) const {
    return header ? header(name) : std::nullopt;
  }
  // The first query parameter called `name`.
  std::optional<std::string_view> param(std::string_view name) const {
    for (const auto& [key, value] : query) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type and Content-Length
  // Shared so that a page is sent from the site snapshot without a copy.
  std::shared_ptr<const std::string> body;
  // HEAD: headers as for GET, Content-Length of `body`, and no body sent.
  bool head_only = false;

  std::size_t body_size() const { return body ? body->size() : 0; }
};

// Called once per request with its response, on any thread, possibly after
// the handler has returned (a write waits for its group commit).
using Reply = std::function<void(Response)>;

}  // namespace prepdeck::server
