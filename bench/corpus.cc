#include "bench/corpus.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace prepdeck::bench {

namespace {

class Random {
 public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    m_state ^= m_state << 13;
    m_state ^= m_state >> 7;
    m_state ^= m_state << 17;
    return m_state;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t m_state;
};

constexpr std::array k_words = {"cluster",   "pipeline", "deployment", "container", "latency",   "replica",
                                "scheduler", "kernel",   "process",    "thread",    "socket",    "index",
                                "commit",    "branch",   "rollback",   "secret",    "network",   "volume",
                                "service",   "gateway",  "cache",      "queue",     "partition", "shard"};
constexpr std::array k_hints = {"Think before expanding...", "Imagine explaining this to a product manager...",
                                "Imagine your service is down at 3 a.m...."};
constexpr std::array k_levels = {"🟢 **Beginner**", "🟡 **Intermediate**", "🔴 **Advanced**"};
constexpr std::array k_callouts = {"✔ **Why it matters:**", "💡 **Interview Tip:**", "⚠️ **Watch out:**",
                                   "📌 **Note:**"};

std::string sentence(Random& r, std::size_t words) {
  std::string s;
  for (std::size_t i = 0; i < words; ++i) {
    if (i) s += ' ';
    const char* w = k_words[r.below(k_words.size())];
    if (r.below(9) == 0) {
      s += fmt::format("**{}**", w);
    } else if (r.below(11) == 0) {
      s += fmt::format("`{}`", w);
    } else {
      s += w;
    }
  }
  s[0] = static_cast<char>(s[0] >= 'a' && s[0] <= 'z' ? s[0] - 32 : s[0]);
  return s + ".";
}

// Code the way the site corpus writes it: a block in one question of eight
// (twice the rate of the real MkDocs interview site of docs/field-test.md, whose
// 33 blocks in 28 pages carry no language at all), every block tagged and its
// text unique, so highlighting is measured and no cache could flatter it.
void site_code(std::string& out, Random& r, const char* indent) {
  if (r.below(2) == 0) {
    out += fmt::format(
        "\n{0}```bash\n{0}kubectl get pods -n {1}-{2} -o wide | grep {3}\n{0}kubectl logs deploy/{4} "
        "--since={5}m  # {6}\n{0}```\n",
        indent, k_words[r.below(24)], r.below(100000), k_words[r.below(24)], k_words[r.below(24)], 1 + r.below(120),
        sentence(r, 4));
  } else {
    out += fmt::format(
        "\n{0}```python\n{0}def {1}_{2}(items):\n{0}    \"\"\"{3}\"\"\"\n{0}    return [i * {4} for i in "
        "items if i % {5} == 0]\n{0}```\n",
        indent, k_words[r.below(24)], r.below(100000), sentence(r, 5), 2 + r.below(50), 2 + r.below(9));
  }
}

void question(std::string& out, Random& r, int number, bool site = false) {
  const bool details = r.below(20) == 0;
  const std::string title = fmt::format("{}. How does the {} handle a {} \"{}\"?", number, k_words[r.below(24)],
                                        k_words[r.below(24)], k_words[r.below(24)]);
  const char* indent = details ? "" : "    ";
  if (details) {
    out += fmt::format("<details>\n<summary>{}</summary>\n\n", title);
  } else {
    out += fmt::format("??? question \"{}\"\n", title);
  }
  out += fmt::format("{}🧠 {}\n\n{}{}\n\n", indent, k_hints[r.below(3)], indent, k_levels[r.below(3)]);
  out += fmt::format("{}{}\n", indent, sentence(r, 8 + r.below(10)));
  const std::size_t bullets = 2 + r.below(3);
  out += "\n";
  for (std::size_t i = 0; i < bullets; ++i) out += fmt::format("{}*   {}\n", indent, sentence(r, 5 + r.below(6)));
  if (site) {
    if (r.below(8) == 0) site_code(out, r, indent);
  } else if (r.below(4) == 0) {
    out += fmt::format("\n{}```bash\n{}kubectl get pods -n {} | grep {}\n{}```\n", indent, indent, k_words[r.below(24)],
                       k_words[r.below(24)], indent);
  }
  if (r.below(6) == 0) {
    out += fmt::format("\n{}| Option | Meaning |\n{}|---|---|\n{}| `{}` | {} |\n{}| `{}` | {} |\n", indent, indent,
                       indent, k_words[r.below(24)], sentence(r, 4), indent, k_words[r.below(24)], sentence(r, 5));
  }
  const std::size_t callouts = r.below(3);
  for (std::size_t i = 0; i < callouts; ++i) {
    out += fmt::format("\n{}{}\n{}{}\n", indent, k_callouts[r.below(4)], indent, sentence(r, 8 + r.below(8)));
  }
  out += details ? "\n</details>\n\n" : "\n";
}

void quiz(std::string& out, Random& r) {
  out += fmt::format("<quiz>\n{}\n", sentence(r, 10));
  const std::size_t options = 3 + r.below(2);
  const std::size_t right = r.below(options);
  for (std::size_t i = 0; i < options; ++i) {
    out += fmt::format("- [{}] {}\n", i == right ? 'x' : ' ', sentence(r, 4));
    if (r.below(4) == 0) out += fmt::format("> {}\n", sentence(r, 6));
  }
  out += fmt::format("\n{}\n</quiz>\n\n", sentence(r, 14));
}

// A guide page of three sections with six questions each; titles are kept so a
// quiz page can repeat some word for word, as real quizzes do.
std::string site_guide(Random& r, const std::string& title, std::vector<std::string>& titles) {
  std::string text = fmt::format("# {}\n\n!!! tip \"How to use this page\"\n    {}\n\n", title, sentence(r, 16));
  int number = 1;
  for (int section = 0; section < 3; ++section) {
    text += fmt::format("## {} and the {}\n\n", k_levels[section], k_words[r.below(24)]);
    for (int q = 0; q < 6; ++q) {
      const std::size_t start = text.size();
      question(text, r, number++, true);
      const std::size_t quote = text.find('"', start);
      const std::size_t dot = text.find(". ", start);
      if (quote < dot && dot != std::string::npos) {
        titles.push_back(text.substr(dot + 2, text.find('\n', dot) - dot - 3));
      }
    }
  }
  return text;
}

std::string site_quiz(Random& r, const std::string& title, const std::vector<std::string>& titles) {
  std::string text = fmt::format("# {} quiz\n\n<!-- mkdocs-quiz intro -->\n\n", title);
  for (std::size_t i = 0; i < 15; ++i) {
    if (i % 3 == 0 && i / 3 < titles.size()) {
      text += fmt::format("<quiz>\n{}\n- [x] {}\n- [ ] {}\n- [ ] {}\n\n{}\n</quiz>\n\n", titles[i / 3], sentence(r, 5),
                          sentence(r, 4), sentence(r, 6), sentence(r, 12));
    } else {
      quiz(text, r);
    }
  }
  return text + "<!-- mkdocs-quiz results -->\n";
}

// A PNG signature then `bytes` of noise: what an image costs to copy.
std::string image(Random& r, std::size_t bytes) {
  std::string data = "\x89PNG\r\n\x1a\n";
  data.reserve(bytes);
  while (data.size() < bytes) data += static_cast<char>(r.below(256));
  return data;
}

}  // namespace

Corpus make_site(std::size_t pages, SiteShape shape) {
  Corpus corpus;
  Random r(0x517e);
  Random pixels(0x1a6e);
  const bool real = shape == SiteShape::real;
  // "a/page-1.md", or "a/page-1/index.md" for a real site.
  const auto page_path = [real](const std::string& stem) { return real ? stem + "/index.md" : stem + ".md"; };
  constexpr std::size_t k_topic_pages = 50;
  std::string nav = "nav:\n  - Home: index.md\n";
  std::vector<std::string> titles;
  std::string last_guide;
  for (std::size_t i = 0; i < pages; ++i) {
    const std::size_t topic = i / k_topic_pages;
    if (i % k_topic_pages == 0) nav += fmt::format("  - Topic {}:\n", topic);
    std::string path;
    std::string text;
    if (i % 10 == 9 && !last_guide.empty()) {
      path = page_path("quiz/" + last_guide);
      text = site_quiz(r, fmt::format("Page {}", i - 1), titles);
      nav += fmt::format("      - Page {} quiz: {}\n", i - 1, path);
    } else {
      last_guide = fmt::format("topic-{:03}/page-{:05}", topic, i);
      path = page_path("interview-questions/" + last_guide);
      titles.clear();
      text = site_guide(r, fmt::format("Page {}: the {}", i, k_words[r.below(24)]), titles);
      if (real) {
        text += "\n![How the parts fit](diagram.png)\n";
        corpus.files.push_back(
            CorpusFile{"docs/interview-questions/" + last_guide + "/diagram.png", image(pixels, 48 * 1024)});
      }
      nav += fmt::format("      - Page {}: {}\n", i, path);
    }
    corpus.bytes += text.size();
    corpus.files.push_back(CorpusFile{"docs/" + path, std::move(text)});
  }
  corpus.files.push_back(CorpusFile{"docs/index.md", "# Interview guides\n\nEvery guide, with its quiz.\n"});
  if (real) {
    corpus.files.push_back(CorpusFile{"docs/assets/logo.png", image(pixels, 8 * 1024)});
    corpus.files.push_back(CorpusFile{"docs/assets/favicon.png", image(pixels, 2 * 1024)});
    corpus.files.push_back(CorpusFile{"docs/CNAME", "guides.example.org\n"});
  }
  std::string config =
      "site_name: Generated interview guides\n" + std::string(real ? "site_url: https://guides.example.org/\n" : "") +
      "theme:\n  name: material\n" +
      std::string(real ? "  logo: assets/logo.png\n  favicon: assets/favicon.png\n" : "") +
      "plugins:\n  - search\n"
      "markdown_extensions:\n  - admonition\n  - attr_list\n  - md_in_html\n  - tables\n"
      "  - toc:\n      permalink: true\n  - pymdownx.details\n  - pymdownx.superfences\n"
      "  - pymdownx.highlight\n  - pymdownx.inlinehilite\n  - pymdownx.tabbed:\n      alternate_style: true\n";
  corpus.files.push_back(CorpusFile{"mkdocs.yml", config + nav});
  return corpus;
}

Corpus make_corpus(std::size_t target_bytes) {
  Corpus corpus;
  Random r(0x5eed);
  int file = 0;
  while (corpus.bytes < target_bytes) {
    std::string text = fmt::format("---\ntitle: \"Guide {}\"\ndate: 2026-01-01\n---\n\n# Guide {}\n\n", file, file);
    int number = 1;
    for (int section = 0; section < 6; ++section) {
      text += fmt::format("## Section {} on {}\n\n", section, k_words[r.below(24)]);
      if (r.below(3) == 0) text += fmt::format("!!! note \"About this section\"\n    {}\n\n", sentence(r, 15));
      for (int q = 0; q < 21; ++q) question(text, r, number++);
      for (int q = 0; q < 2; ++q) quiz(text, r);
    }
    corpus.bytes += text.size();
    corpus.files.push_back(CorpusFile{fmt::format("guides/part{}/guide{}.md", file % 10, file), std::move(text)});
    ++file;
  }
  return corpus;
}

}  // namespace prepdeck::bench
