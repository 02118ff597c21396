// The guides being served and their pages, kept current: a watcher notices a
// changed, added or removed guide file, reloads and re-renders the site, and
// swaps the new version in while requests go on reading the old one. Pages
// that asked to hear about a new version (a long poll) are told.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "guide/guide_set.h"
#include "server/site_cache.h"

namespace prepdeck::server {

// One version of the served guides: the model, the rendered pages and
// lookups by stable id. Once the pages are rendered the model keeps what the
// API reads (ids, titles, hints, levels, sections, quiz items) and drops the
// answers' Markdown, the document blocks and the diagnostics.
struct LiveSite {
  std::uint64_t generation = 0;  // 1, 2, ... in this process (metrics)
  guide::GuideSet guides;
  std::shared_ptr<const SiteSnapshot> site;

  struct Ref {
    std::uint32_t guide = 0;
    std::uint32_t index = 0;  // into Guide::questions or Guide::quizzes
  };
  std::unordered_map<std::string, Ref> questions;                 // by question id
  std::unordered_map<std::string, Ref> quiz_items;                // by quiz item id
  std::unordered_map<std::string, std::uint32_t> guides_by_path;  // and by id ("quiz/git")

  // The pages' content version (SiteSnapshot::content_version): what the
  // pages' live-reload poll compares.
  const std::string& version() const { return site->content_version(); }

  // By path ("quiz/git.md") or id ("quiz/git", as pages name their guide).
  const guide::Guide* guide(std::string_view path_or_id) const;
  const guide::Question* question(std::string_view id, const guide::Guide** owner = nullptr) const;
  const guide::QuizItem* quiz_item(std::string_view id, const guide::Guide** owner = nullptr) const;
};

using GuideLoader = std::function<guide::GuideSet()>;

class SiteHost {
 public:
  // Loads and renders the first version now. `watch` lists the inputs
  // (folders or files) whose guide files are watched.
  SiteHost(GuideLoader load, SiteRenderer render, std::vector<std::string> watch);
  ~SiteHost();
  SiteHost(const SiteHost&) = delete;
  SiteHost& operator=(const SiteHost&) = delete;

  std::shared_ptr<const LiveSite> current() const { return m_current.load(); }

  // Reloads when a watched file changed since the last load; true when it did.
  bool reload_if_changed();

  // `notify` is called once, with the version then served: as soon as it is
  // another than `since`, or after `timeout` with the same one.
  void wait_for_change(std::string since, std::chrono::milliseconds timeout,
                       std::function<void(const std::string&)> notify);

  // Checks the files every `interval` on a thread of its own until stop().
  void start_watching(std::chrono::milliseconds interval);
  // Stops watching and answers every waiting long poll.
  void stop();

  // True when `version` is one this host served before its current one (the
  // last few): a page asking for it is not ahead of this instance.
  bool served_before(std::string_view version) const;

  std::uint64_t reloads() const { return m_reloads.load(); }
  // Long polls waiting now.
  std::size_t waiting();

 private:
  struct Waiter {
    std::string since;
    std::chrono::steady_clock::time_point deadline;
    std::function<void(const std::string&)> notify;
  };

  std::uint64_t fingerprint(const LiveSite* site) const;
  void load(std::uint64_t generation);
  void notify_waiters(bool expired_only);

  GuideLoader m_load;
  SiteRenderer m_render;
  std::vector<std::string> m_watch;
  std::atomic<std::shared_ptr<const LiveSite>> m_current;
  std::uint64_t m_fingerprint = 0;
  std::atomic<std::uint64_t> m_reloads{0};
  std::mutex m_reload_mutex;  // one reload at a time
  mutable std::mutex m_past_mutex;
  std::vector<std::string> m_past;  // the versions served before the current one, oldest first, a few

  std::mutex m_waiters_mutex;
  std::vector<Waiter> m_waiters;

  std::mutex m_watch_mutex;
  std::condition_variable m_watch_wake;
  bool m_stopping = false;
  std::thread m_watcher;
};

}  // namespace prepdeck::server
