#include "server/site_host.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <system_error>

#include "util/text.h"

namespace prepdeck::server {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_past_versions = 16;

bool is_guide_file(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".md" || ext == ".markdown" || ext == ".yml" || ext == ".yaml";
}

// Each piece ends with a 0xff byte, so "ab","c" and "a","bc" differ.
void mix(std::uint64_t& h, std::string_view bytes) { h = util::fnv1a("\xff", util::fnv1a(bytes, h)); }

void mix_file(std::uint64_t& h, const fs::path& p) {
  std::error_code ec;
  const auto status = fs::status(p, ec);
  mix(h, p.string());
  if (ec || !fs::is_regular_file(status)) {
    mix(h, "-");
    return;
  }
  const auto size = fs::file_size(p, ec);
  const auto time = fs::last_write_time(p, ec);
  const auto stamp = static_cast<std::uint64_t>(time.time_since_epoch().count());
  mix(h, std::string_view(reinterpret_cast<const char*>(&size), sizeof size));
  mix(h, std::string_view(reinterpret_cast<const char*>(&stamp), sizeof stamp));
}

}  // namespace

const guide::Guide* LiveSite::guide(std::string_view path) const {
  const auto it = guides_by_path.find(std::string(path));
  return it == guides_by_path.end() ? nullptr : &guides.guides[it->second];
}

const guide::Question* LiveSite::question(std::string_view id, const guide::Guide** owner) const {
  const auto it = questions.find(std::string(id));
  if (it == questions.end()) return nullptr;
  const guide::Guide& g = guides.guides[it->second.guide];
  if (owner != nullptr) *owner = &g;
  return &g.questions[it->second.index];
}

const guide::QuizItem* LiveSite::quiz_item(std::string_view id, const guide::Guide** owner) const {
  const auto it = quiz_items.find(std::string(id));
  if (it == quiz_items.end()) return nullptr;
  const guide::Guide& g = guides.guides[it->second.guide];
  if (owner != nullptr) *owner = &g;
  return &g.quizzes[it->second.index];
}

SiteHost::SiteHost(GuideLoader load, SiteRenderer render, std::vector<std::string> watch)
    : m_load(std::move(load)), m_render(std::move(render)), m_watch(std::move(watch)) {
  this->load(1);
}

SiteHost::~SiteHost() { stop(); }

std::uint64_t SiteHost::fingerprint(const LiveSite* site) const {
  // Every guide-like file under the inputs (so a new guide is noticed), and
  // every file the loaded guides read (includes may live elsewhere).
  std::vector<std::string> files;
  for (const auto& root : m_watch) {
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
      for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (it->is_directory(ec) && (name.starts_with(".") || name == "node_modules" || name == "site")) {
          it.disable_recursion_pending();
          continue;
        }
        if (is_guide_file(it->path())) files.push_back(it->path().string());
      }
    } else {
      files.push_back(root);
    }
  }
  if (site != nullptr) {
    for (const auto& g : site->guides.guides) files.insert(files.end(), g.files.begin(), g.files.end());
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::uint64_t h = util::k_fnv1a_offset;
  for (const auto& f : files) mix_file(h, f);
  return h;
}

void SiteHost::load(std::uint64_t generation) {
  auto live = std::make_shared<LiveSite>();
  live->generation = generation;
  live->guides = m_load();
  const auto& guides = live->guides.guides;
  for (std::uint32_t g = 0; g < guides.size(); ++g) {
    live->guides_by_path.emplace(guides[g].path, g);
    live->guides_by_path.emplace(guides[g].id, g);
    for (std::uint32_t i = 0; i < guides[g].questions.size(); ++i)
      live->questions.emplace(guides[g].questions[i].id, LiveSite::Ref{g, i});
    for (std::uint32_t i = 0; i < guides[g].quizzes.size(); ++i)
      live->quiz_items.emplace(guides[g].quizzes[i].id, LiveSite::Ref{g, i});
  }
  live->site = make_snapshot(live->guides, m_render, generation);
  // The pages hold the rendered text now; the API needs ids, titles, hints,
  // levels and the quiz items, not the Markdown of every answer.
  for (auto& g : live->guides.guides) {
    std::vector<guide::Block>().swap(g.blocks);
    std::vector<util::Diagnostic>().swap(g.diagnostics);
    for (auto& q : g.questions) {
      std::string().swap(q.answer_markdown);
      std::vector<guide::Callout>().swap(q.callouts);
      std::vector<guide::Choice>().swap(q.choices);
      std::vector<guide::Block>().swap(q.blocks);
    }
    for (auto& item : g.quizzes) std::string().swap(item.explanation_markdown);
  }
  std::vector<util::Diagnostic>().swap(live->guides.diagnostics);
  m_fingerprint = fingerprint(live.get());
  if (const auto before = m_current.load()) {
    std::lock_guard lock(m_past_mutex);
    if (m_past.size() == k_past_versions) m_past.erase(m_past.begin());
    m_past.push_back(before->version());
  }
  m_current.store(std::move(live));
}

bool SiteHost::served_before(std::string_view version) const {
  std::lock_guard lock(m_past_mutex);
  return std::find(m_past.begin(), m_past.end(), version) != m_past.end();
}

bool SiteHost::reload_if_changed() {
  std::lock_guard lock(m_reload_mutex);
  const auto live = current();
  if (fingerprint(live.get()) == m_fingerprint) return false;
  load(live->generation + 1);
  ++m_reloads;
  notify_waiters(false);
  return true;
}

void SiteHost::wait_for_change(std::string since, std::chrono::milliseconds timeout,
                               std::function<void(const std::string&)> notify) {
  {
    std::lock_guard lock(m_waiters_mutex);
    if (current()->version() == since && !m_stopping) {
      m_waiters.push_back(Waiter{std::move(since), std::chrono::steady_clock::now() + timeout, std::move(notify)});
      return;
    }
  }
  notify(current()->version());
}

void SiteHost::notify_waiters(bool expired_only) {
  std::vector<Waiter> ready;
  const auto live = current();
  const std::string& version = live->version();
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(m_waiters_mutex);
    auto first_ready = std::partition(m_waiters.begin(), m_waiters.end(), [&](const Waiter& w) {
      return !(w.since != version || !expired_only || w.deadline <= now);
    });
    std::move(first_ready, m_waiters.end(), std::back_inserter(ready));
    m_waiters.erase(first_ready, m_waiters.end());
  }
  for (auto& w : ready) w.notify(version);
}

std::size_t SiteHost::waiting() {
  std::lock_guard lock(m_waiters_mutex);
  return m_waiters.size();
}

void SiteHost::start_watching(std::chrono::milliseconds interval) {
  m_watcher = std::thread([this, interval] {
    std::unique_lock lock(m_watch_mutex);
    while (!m_stopping) {
      m_watch_wake.wait_for(lock, interval, [this] { return m_stopping; });
      if (m_stopping) break;
      lock.unlock();
      reload_if_changed();
      notify_waiters(true);
      lock.lock();
    }
  });
}

void SiteHost::stop() {
  {
    std::lock_guard lock(m_watch_mutex);
    std::lock_guard waiters(m_waiters_mutex);
    m_stopping = true;
  }
  m_watch_wake.notify_all();
  if (m_watcher.joinable()) m_watcher.join();
  notify_waiters(false);
}

}  // namespace prepdeck::server
