#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <ostream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/learner_options.h"
#include "cli/output.h"
#include "export/analytics_csv.h"
#include "render/level_chart.h"
#include "render/page.h"
#include "render/site_builder.h"
#include "server/app.h"
#include "server/crypto.h"
#include "server/http_server.h"
#include "server/site_host.h"
#include "source/file_system.h"
#include "store/database.h"
#include "store/store.h"
#include "util/text.h"
#include "util/words.h"

namespace prepdeck::cli {

namespace {

// The largest of a site's own files (images, PDFs) served; larger ones are
// left to `prepdeck build` and a static server.
constexpr std::uint64_t k_max_served_file = 32u << 20;

struct ServeOptions {
  InputOptions input;
  LearnerOptions learner;
  SchedulerOptions scheduler;
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8080;
  unsigned threads = 0;
  std::string access_log = "-";
  std::string max_body = "1M";
  int idle_timeout = 15;
  int new_per_day = 20;
  bool no_watch = false;
  bool users = false;
  bool secure_cookies = false;
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> trusted_proxies;
  int session_cache_ms = 1000;
};

int run_serve(const ServeOptions& options, Streams streams) {
  std::uint64_t max_body = 0;
  if (!parse_size(options.max_body, max_body)) {
    streams.err << "prepdeck: --max-body: '" << options.max_body << "' is not a size (1M, 512K, 1000)\n";
    return k_exit_usage;
  }
  auto fsrs = scheduler_parameters(options.scheduler);
  if (!fsrs) {
    streams.err << "prepdeck: " << fsrs.error().message << "\n";
    return k_exit_usage;
  }
  auto clock = util::clock_from_environment();
  if (!clock.error.empty()) {
    streams.err << "prepdeck: " << clock.error << "\n";
    return k_exit_usage;
  }
  if (auto ok = server::init_crypto(); !ok) {
    streams.err << "prepdeck: " << ok.error().message << "\n";
    return k_exit_usage;
  }
  {
    guide::GuideSet probe;
    if (!load(options.input, probe, streams.err)) return k_exit_usage;
  }
  // Reads have a connection per server thread; writes go to one writer, in groups.
  const std::string url = database_url(options.learner);
  store::DatabaseOptions db_options;
  db_options.readers = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  auto db = store::Database::open(url, db_options);
  if (!db) {
    streams.err << "prepdeck: " << db.error().message << "\n";
    return k_exit_usage;
  }

  const InputOptions input = options.input;
  std::mutex err_mutex;
  server::GuideLoader loader = [input, &streams, &err_mutex] {
    guide::GuideSet set;
    std::ostringstream problems;
    load(input, set, problems);
    const auto counts = util::count(all_diagnostics(set));
    std::lock_guard lock(err_mutex);
    streams.err << problems.str();
    if (counts.errors > 0 || counts.warnings > 0)
      streams.err << fmt::format("prepdeck: {}, {} in the guides; `prepdeck check` lists them\n",
                                 util::counted(counts.errors, "error"), util::counted(counts.warnings, "warning"));
    return set;
  };
  const unsigned jobs = options.input.jobs;
  server::SiteRenderer renderer = [jobs](const guide::GuideSet& set, const server::FileSink& sink) {
    render::BuildOptions build{"", jobs, {}, "/api/"};
    render::build_site(set, build, [&sink](render::SiteFile&& f) {
      if (!f.copy_from.empty()) {
        // The site's own files are served from memory like its pages, up to a size.
        auto bytes = source::DiskFileSystem().read_file(f.copy_from, k_max_served_file);
        if (!bytes) return;
        f.content = std::move(*bytes);
      }
      for (const auto& piece : f.more) f.content += piece;
      sink(server::SiteFile{std::move(f.path), std::move(f.content)});
    });
  };
  const auto started = std::chrono::steady_clock::now();
  server::SiteHost site(loader, renderer, options.input.paths);
  const auto live = site.current();
  const auto render_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

  server::Metrics metrics(server::App::metric_routes());
  server::AppOptions app_options;
  app_options.max_body = max_body;
  app_options.new_per_day = options.new_per_day;
  app_options.fsrs = *fsrs;
  app_options.clock = clock.clock;
  {
    // The token requests carry before a login is the same on every instance
    // sharing the database, so a page may send its next request to any.
    auto token = (*db)->reader()->shared_setting("csrf-before-login", server::random_token());
    if (!token) {
      streams.err << "prepdeck: " << store::redacted_url(url) << ": " << token.error().message << "\n";
      return k_exit_usage;
    }
    app_options.csrf_token = *token;
  }
  app_options.mode = options.users ? server::Mode::users : server::Mode::local;
  app_options.secure_cookies = options.secure_cookies;
  app_options.allowed_hosts = options.allowed_hosts;
  app_options.trusted_proxies = options.trusted_proxies;
  app_options.session_cache = std::chrono::milliseconds(options.session_cache_ms);
  // One policy for every file served: the site's own scripts and styles, and
  // inline styles when it has a diagram or math script (they style what they
  // draw), and Google's analytics when the site asks for them.
  const bool mkdocs = !live->guides.sites.empty() && live->guides.sites.front().is_mkdocs;
  const render::ExtraAssets extra =
      mkdocs ? render::extra_assets(live->guides.sites.front().config) : render::ExtraAssets{};
  render::SiteContext theme;
  if (mkdocs) render::apply_theme_settings(live->guides.sites.front().config, theme);
  app_options.content_security_policy = render::content_security_policy(
      extra, render::Diagrams::drawn, render::Math::drawn, !theme.analytics_property.empty());
  if (options.bind != "0.0.0.0" && options.bind != "::") app_options.allowed_hosts.push_back(options.bind);
  server::App app(site, **db, metrics, server::ApiFormats{render::level_chart_svg, exporter::analytics_csv},
                  app_options);

  std::ofstream log_file;
  server::HttpOptions http;
  http.address = options.bind;
  http.port = options.port;
  http.threads = options.threads;
  http.idle_timeout = std::chrono::seconds(options.idle_timeout);
  http.max_transport_body = std::max<std::uint64_t>(16u << 20, 2 * max_body);
  if (options.access_log == "-") {
    http.access_log = &std::cerr;
    http.log_reload_polls = false;  // the terminal's log: no line per open tab every half minute
  } else if (options.access_log != "off") {
    log_file.open(options.access_log, std::ios::app);
    if (!log_file) {
      streams.err << "prepdeck: cannot open the access log " << options.access_log << "\n";
      return k_exit_usage;
    }
    http.access_log = &log_file;
  }
  if (!options.no_watch) site.start_watching(std::chrono::milliseconds(300));

  const auto ready = [&](std::uint16_t port) {
    const std::string host = options.bind.find(':') != std::string::npos ? "[" + options.bind + "]" : options.bind;
    streams.out << fmt::format("Serving {} guides ({} pages, {:.1f} MB in memory, rendered in {} ms) from {}\n",
                               live->guides.guides.size(), live->site->pages(),
                               static_cast<double>(live->site->bytes()) / 1e6, render_ms, store::redacted_url(url));
    streams.out << fmt::format("Open http://{}:{}/ ({}). Ctrl-C stops.\n", host, port,
                               options.users ? "accounts: sign up or log in; `prepdeck user add` makes admins"
                                             : "local mode: one learner, no login");
    streams.out.flush();
  };
  auto served = server::run_http_server(app, http, ready, [&] { site.stop(); });
  (*db)->stop();
  if (!served) {
    streams.err << "prepdeck: " << served.error().message << "\n";
    return k_exit_usage;
  }
  streams.out << "Stopped: every acknowledged write is on disk.\n";
  return k_exit_ok;
}

}  // namespace

Command serve_command() {
  return Command{
      "serve", "Serve the guides as a learning app: progress, reviews and quizzes kept on the server",
      [](CLI::App& app) {
        auto options = std::make_shared<ServeOptions>();
        add_input_options(app, options->input);
        app.add_option("--db", options->learner.db, database_option_help())->envname("PREPDECK_DB")->type_name("URL");
        add_scheduler_options(app, options->scheduler);
        app.add_option("--bind", options->bind, "Address to listen on")
            ->capture_default_str()
            ->envname("PREPDECK_BIND");
        app.add_option("--port", options->port, "Port to listen on")->capture_default_str()->envname("PREPDECK_PORT");
        app.add_option("--threads", options->threads, "Threads serving requests (default: every core)")
            ->envname("PREPDECK_THREADS");
        app.add_option(
               "--access-log", options->access_log,
               "Access log: a file (every request), - for stderr (without the pages' live-reload polls), or off")
            ->capture_default_str()
            ->envname("PREPDECK_ACCESS_LOG");
        app.add_option("--max-body", options->max_body, "Largest request body; larger ones get 413")
            ->capture_default_str();
        app.add_option("--idle-timeout", options->idle_timeout,
                       "Seconds a connection may take to send its next request")
            ->capture_default_str()
            ->check(CLI::Range(1, 3600));
        app.add_option("--new", options->new_per_day, "New cards per day on the Review page")
            ->capture_default_str()
            ->check(CLI::Range(0, 10000));
        app.add_flag("--no-watch", options->no_watch, "Do not reload when a guide file changes");
        app.add_flag("--users", options->users, "Accounts: learners sign up and log in, each with their own progress")
            ->envname("PREPDECK_USERS");
        app.add_option("--allowed-host", options->allowed_hosts,
                       "A Host the server answers besides 127.0.0.1, localhost and [::1] (local mode), or the only "
                       "hosts it answers (users mode, behind a proxy); others get 421. Repeatable")
            ->envname("PREPDECK_ALLOWED_HOSTS")
            ->delimiter(',');
        app.add_option("--trusted-proxy", options->trusted_proxies,
                       "The address of a proxy whose X-Forwarded-For names the client, for the login and sign-up "
                       "limits per address (nginx in front: 127.0.0.1). Repeatable")
            ->envname("PREPDECK_TRUSTED_PROXIES")
            ->delimiter(',')
            ->type_name("ADDRESS");
        app.add_option("--session-cache", options->session_cache_ms,
                       "Milliseconds an instance trusts a session it read from the database (users mode): a logout "
                       "elsewhere, a new password or a removed account shows within it; 0 reads every request's")
            ->capture_default_str()
            ->check(CLI::Range(0, 60000))
            ->type_name("MS");
        app.add_flag("--secure-cookies", options->secure_cookies,
                     "Mark the session cookie Secure (behind a TLS proxy; X-Forwarded-Proto: https does too)");
        app.footer("The JSON API under /api/ (docs/API.md); 'learner' routes need a login in --users mode:\n" +
                   server::App::route_list());
        return [options](Streams streams) { return run_serve(*options, streams); };
      }};
}

}  // namespace prepdeck::cli
