#include "import/deck_guides.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "guide/model.h"
#include "import/html_markdown.h"
#include "util/html_tree.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/url.h"

namespace prepdeck::importer {

namespace {

// A file or folder name made from a deck's name: lower case letters, digits and '-'.
std::string slug(std::string_view name) {
  std::string out = util::slugify(name);
  if (out.empty()) out = "deck";
  return out.substr(0, 80);
}

// A Source field's path ("interview-questions/linux.md:12") as a safe relative guide path, or nothing.
std::optional<std::string> source_path(std::string_view source) {
  const std::size_t colon = source.rfind(':');
  std::string path(util::trim(source.substr(0, colon)));
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos) return std::nullopt;
  path = util::normalize_path(path);
  if (path.empty() || path == ".." || path.rfind("../", 0) == 0 || path.find("/../") != std::string::npos) {
    return std::nullopt;
  }
  std::string safe;
  const std::string parts = util::replace_all(path, "/", "\n");
  for (const std::string_view part : util::split_lines(parts)) {
    if (part.empty() || part.front() == '.') return std::nullopt;
    if (!safe.empty()) safe += '/';
    safe += slug(util::strip_extension(part)) == util::strip_extension(part) ? std::string(part)
                                                                             : slug(util::strip_extension(part));
  }
  const std::string stem = util::strip_extension(safe);
  return stem + ".md";
}

std::string_view level_marker(guide::Level level) {
  switch (level) {
    case guide::Level::beginner:
      return "\xF0\x9F\x9F\xA2 **Beginner**";
    case guide::Level::intermediate:
      return "\xF0\x9F\x9F\xA1 **Intermediate**";
    case guide::Level::advanced:
      return "\xF0\x9F\x94\xB4 **Advanced**";
    case guide::Level::unspecified:
      break;
  }
  return {};
}

guide::Level level_of(const std::vector<std::string>& tags, std::string_view field) {
  if (auto l = guide::level_from_word(util::trim(field))) return *l;
  for (const std::string& tag : tags) {
    std::string_view word = tag;
    if (const std::size_t at = word.rfind("::"); at != std::string_view::npos) word = word.substr(at + 2);
    if (auto l = guide::level_from_word(word)) return *l;
  }
  return guide::Level::unspecified;
}

std::string indented(std::string_view text, std::string_view by = "    ") {
  std::string out;
  for (const std::string_view line : util::split_lines(text)) {
    if (!line.empty()) out += by;
    out += line;
    out += '\n';
  }
  return out;
}

// A title is one line and stops at the last '"' of the line: quotes inside are fine, a line break is not.
std::string title_text(std::string_view markdown) {
  std::string out(util::trim(markdown));
  if (out.empty()) out = "(untitled)";
  return out;
}

struct Item {
  enum class Kind { question, choice_question, quiz_choice, quiz_fill } kind = Kind::question;
  std::int64_t note = 0;
  std::string title;  // question: inline Markdown
  std::string hint;
  guide::Level level = guide::Level::unspecified;
  std::string body;                                   // answer, quiz question or fill text (Markdown)
  std::vector<std::pair<std::string, bool>> options;  // Markdown, right
  std::vector<std::string> feedback;
  std::string explanation;
  std::uint32_t line = 0;  // prepdeck's Source line, for order
};

struct Section {
  std::string title;
  std::vector<Item> items;
};

struct Guide {
  std::string path;
  std::string title;
  std::vector<Section> sections;  // the first is untitled: notes in the guide's own deck

  Section& section(const std::string& name) {
    for (Section& s : sections) {
      if (s.title == name) return s;
    }
    return sections.emplace_back(Section{name, {}});
  }
};

class Builder {
 public:
  explicit Builder(const AnkiDeck& deck) : m_deck(deck) {}

  ImportedGuides build() {
    for (const AnkiNote& note : m_deck.notes) add(note);
    ImportedGuides out;
    for (auto& [path, g] : m_guides) write(g, out);
    for (const std::string& name : m_media_used) {
      out.files.push_back(ImportedFile{"media/" + name, m_deck.media.at(name)});
    }
    out.warnings = std::move(m_warnings);
    return out;
  }

 private:
  MarkdownOptions markdown_options(const std::string& guide_path) {
    MarkdownOptions options;
    // From the guide's folder up to the output folder, then media/.
    std::string up;
    for (const char c : guide_path) up += c == '/' ? "../" : "";
    options.image = [this, up](std::string_view src) -> std::string {
      const std::string name = util::percent_decode(src);
      if (m_deck.media.count(name) == 0) return std::string(src);
      m_media_used.insert(name);
      return up + "media/" + name;
    };
    return options;
  }

  std::string field(const AnkiNote& note, std::size_t index) const {
    return index < note.fields.size() ? note.fields[index] : std::string();
  }

  void add(const AnkiNote& note) {
    const AnkiNoteType& type = m_deck.types.at(note.type);
    std::vector<std::string> deck_path;
    for (std::string_view rest = note.deck;;) {
      const std::size_t at = rest.find("::");
      deck_path.emplace_back(util::trim(rest.substr(0, at)));
      if (at == std::string_view::npos) break;
      rest.remove_prefix(at + 2);
    }
    if (deck_path.empty() || deck_path.front().empty()) deck_path = {"Imported"};

    const bool ours = type.name.rfind("prepdeck ", 0) == 0;
    std::string guide_path;
    std::string guide_title;
    std::string section;
    if (ours) {
      // Title::Guide::Section, as export/collection.h names them; the Source field names the file.
      const std::string source = field(note, type.fields.size() - 1);
      guide_title = deck_path.size() >= 2 ? deck_path[1] : deck_path[0];
      section = deck_path.size() >= 3 ? deck_path[2] : std::string();
      guide_path = source_path(source).value_or(slug(guide_title) + ".md");
    } else {
      guide_title = deck_path[0];
      guide_path = slug(guide_title) + ".md";
      for (std::size_t i = 1; i < deck_path.size(); ++i) section += (i > 1 ? " / " : "") + deck_path[i];
    }
    Guide& g = m_guides[guide_path];
    if (g.path.empty()) {
      g.path = guide_path;
      g.title = guide_title;
      g.sections.push_back(Section{});
    }
    const MarkdownOptions options = markdown_options(guide_path);
    Item item;
    item.note = note.id;
    if (ours && type.name == "prepdeck Question") {
      item.title = title_text(html_to_inline_markdown(field(note, 0), options));
      item.body = html_to_markdown(field(note, 1), options);
      item.hint = html_to_inline_markdown(field(note, 2), options);
      item.level = level_of(note.tags, util::html_text(field(note, 3)));
      item.line = line_of(field(note, 4));
    } else if (ours && type.name == "prepdeck Choice") {
      choice(note, item, options);
    } else if (type.cloze || note_has_cloze(note)) {
      cloze(note, type, item, options, ours);
    } else {
      item.title = title_text(html_to_inline_markdown(field(note, 0), options));
      std::string back;
      for (std::size_t i = 1; i < note.fields.size(); ++i) {
        const std::string part = html_to_markdown(note.fields[i], options);
        if (part.empty()) continue;
        if (!back.empty()) back += "\n\n";
        back += part;
      }
      item.body = back;
      item.level = level_of(note.tags, "");
    }
    g.section(section).items.push_back(std::move(item));
  }

  static std::uint32_t line_of(std::string_view source) {
    const std::size_t colon = source.rfind(':');
    if (colon == std::string_view::npos) return 0;
    std::uint32_t line = 0;
    for (const char c : util::trim(source.substr(colon + 1))) {
      if (c < '0' || c > '9' || line > 100'000'000) return 0;
      line = line * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return line;
  }

  static bool note_has_cloze(const AnkiNote& note) {
    return !note.fields.empty() && note.fields[0].find("{{c") != std::string::npos &&
           note.fields[0].find("::") != std::string::npos;
  }

  // The options of a prepdeck Choice note, from the back's list: each <li> right or wrong, its feedback under it.
  void choice(const AnkiNote& note, Item& item, const MarkdownOptions& options) {
    const std::string front = field(note, 0);
    const bool study = front.find("class=\"prepdeck-title\"") != std::string::npos;
    item.level = level_of(note.tags, util::html_text(field(note, 4)));
    item.line = line_of(field(note, 5));
    for (const util::HtmlNode& list : util::parse_html_fragment(field(note, 2))) {
      if (list.kind != util::HtmlNode::Kind::element || list.name != "ol") continue;
      for (const util::HtmlNode& li : list.children) {
        if (li.kind != util::HtmlNode::Kind::element || li.name != "li") continue;
        const std::string* cls = li.attribute("class");
        const bool right = cls != nullptr && *cls == "right";
        std::string option_html;
        std::string feedback_html;
        for (const util::HtmlNode& child : li.children) {
          const std::string* child_class = child.attribute("class");
          if (child.kind == util::HtmlNode::Kind::element && child_class != nullptr &&
              *child_class == "prepdeck-feedback") {
            feedback_html += util::serialize_html(child.children);
          } else {
            option_html += util::serialize_html({child});
          }
        }
        std::string text = html_to_inline_markdown(option_html, options);
        // The mark the back shows before each option: ✔ or ✘.
        for (const std::string_view mark : {"\xE2\x9C\x94 ", "\xE2\x9C\x98 ", "&#x2714; "}) {
          if (text.rfind(mark, 0) == 0) text = text.substr(mark.size());
        }
        item.options.emplace_back(text, right);
        item.feedback.push_back(html_to_markdown(feedback_html, options));
      }
    }
    if (study) {
      item.kind = Item::Kind::choice_question;
      std::string title_html;
      std::string hint_html;
      for (const util::HtmlNode& n : util::parse_html_fragment(front)) {
        const std::string* cls = n.attribute("class");
        if (cls != nullptr && *cls == "prepdeck-title") title_html = util::serialize_html(n.children);
        if (cls != nullptr && *cls == "prepdeck-hint") hint_html = util::serialize_html(n.children);
      }
      item.title = title_text(html_to_inline_markdown(title_html, options));
      item.hint = html_to_inline_markdown(hint_html, options);
      if (item.hint.rfind("&#x1F9E0;", 0) == 0) item.hint = std::string(util::trim(item.hint.substr(9)));
      item.body = html_to_markdown(field(note, 3), options);
    } else {
      item.kind = Item::Kind::quiz_choice;
      item.body = html_to_markdown(front, options);
      item.explanation = html_to_markdown(field(note, 3), options);
    }
  }

  // {{c1::answer}} and {{c1::answer::hint}} become [[answer]]: each deletion a blank.
  void cloze(const AnkiNote& note, const AnkiNoteType& type, Item& item, const MarkdownOptions& options, bool ours) {
    item.kind = Item::Kind::quiz_fill;
    const std::string text = field(note, 0);
    std::string tokenized;
    std::vector<std::string> answers;
    std::size_t pos = 0;
    while (true) {
      const std::size_t open = text.find("{{c", pos);
      if (open == std::string::npos) break;
      std::size_t digits = open + 3;
      while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
      const std::size_t close = text.find("}}", digits);
      if (digits == open + 3 || text.compare(digits, 2, "::") != 0 || close == std::string::npos) {
        tokenized.append(text, pos, open + 3 - pos);
        pos = open + 3;
        continue;
      }
      std::string answer = text.substr(digits + 2, close - digits - 2);
      if (const std::size_t hint = answer.find("::"); hint != std::string::npos) answer.resize(hint);
      tokenized.append(text, pos, open - pos);
      tokenized += fmt::format("PREPDECKCLOZE{}X", answers.size());
      answers.push_back(util::html_text(answer));
      pos = close + 2;
    }
    tokenized.append(text, pos);
    std::string markdown = html_to_markdown(tokenized, options);
    for (std::size_t i = 0; i < answers.size(); ++i) {
      std::string answer = util::replace_all(util::replace_all(answers[i], "]]", "] ]"), "\n", " ");
      markdown = util::replace_all(markdown, fmt::format("PREPDECKCLOZE{}X", i),
                                   "[[" + std::string(util::trim(answer)) + "]]");
    }
    item.body = markdown;
    item.explanation = html_to_markdown(field(note, 1), options);
    item.level = level_of(note.tags, ours && type.fields.size() > 2 ? util::html_text(field(note, 2)) : "");
    if (ours) item.line = line_of(field(note, type.fields.size() - 1));
    if (answers.empty())
      m_warnings.push_back(
          fmt::format("note {}: a cloze note without a deletion: its text is a quiz with no blank", note.id));
  }

  // A deck's name on one line: line breaks and other control characters become spaces.
  static std::string one_line(std::string_view name) {
    std::string out;
    for (const char c : name) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    return std::string(util::trim(out));
  }

  void write(Guide& g, ImportedGuides& out) {
    const std::string title = one_line(g.title).empty() ? std::string("Imported") : one_line(g.title);
    // YAML's single quotes hold anything but a quote, which is doubled.
    std::string text = "---\ntitle: '" + util::replace_all(title, "'", "''") + "'\n---\n\n# " + title + "\n";
    const std::string id = util::strip_extension(g.path);
    int number = 0;
    for (Section& s : g.sections) {
      if (s.items.empty()) continue;
      // prepdeck's own notes go back in the order their guide had them.
      std::stable_sort(s.items.begin(), s.items.end(), [](const Item& a, const Item& b) { return a.line < b.line; });
      if (!one_line(s.title).empty()) text += "\n## " + one_line(s.title) + "\n";
      for (const Item& item : s.items) {
        text += "\n";
        switch (item.kind) {
          case Item::Kind::question:
          case Item::Kind::choice_question:
            ++number;
            ++out.questions;
            out.question_of_note.push_back({item.note, fmt::format("{}/q{}", id, number), g.path});
            text += fmt::format("??? question \"{}. {}\"\n", number, item.title);
            if (!item.hint.empty()) text += "    \xF0\x9F\xA7\xA0 " + item.hint + "\n";
            if (item.level != guide::Level::unspecified) text += "    " + std::string(level_marker(item.level)) + "\n";
            if (!item.hint.empty() || item.level != guide::Level::unspecified) text += "\n";
            for (const auto& [option, right] : item.options) {
              text += std::string("    ") + (right ? "\xE2\x9C\x85 " : "\xE2\x96\xAB\xEF\xB8\x8F ") + option + "\n";
            }
            if (!item.options.empty()) text += "\n";
            text += indented(item.body.empty() ? std::string("(no answer)") : item.body);
            break;
          case Item::Kind::quiz_choice:
          case Item::Kind::quiz_fill:
            ++out.quizzes;
            text += "<quiz>\n" + item.body + "\n";
            for (std::size_t k = 0; k < item.options.size(); ++k) {
              text += std::string(item.options[k].second ? "- [x] " : "- [ ] ") + item.options[k].first + "\n";
              if (k < item.feedback.size() && !item.feedback[k].empty()) text += indented(item.feedback[k], "> ");
            }
            if (!item.explanation.empty()) {
              if (item.kind == Item::Kind::quiz_fill) text += "---\n";
              text += (item.kind == Item::Kind::quiz_fill ? "" : "\n") + item.explanation + "\n";
            }
            text += "</quiz>\n";
            break;
        }
      }
    }
    out.files.push_back(ImportedFile{g.path, std::move(text)});
  }

  const AnkiDeck& m_deck;
  std::map<std::string, Guide> m_guides;
  std::set<std::string> m_media_used;
  std::vector<std::string> m_warnings;
};

}  // namespace

ImportedGuides deck_to_guides(const AnkiDeck& deck) { return Builder(deck).build(); }

}  // namespace prepdeck::importer
