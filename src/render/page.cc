#include "render/page.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "engine/quiz_session.h"
#include "guide/markdown.h"
#include "render/html.h"
#include "render/html_sanitizer.h"
#include "render/inline_extensions.h"
#include "render/markdown_html.h"
#include "util/paths.h"
#include "util/text.h"
#include "util/toc_slug.h"
#include "util/words.h"

namespace prepdeck::render {

namespace {

using guide::Block;
using guide::BlockKind;
using guide::Guide;
using guide::Level;

// The learner's words, escaped for HTML.
std::string word(std::string_view key, util::WordArgs args = {}) { return escape(util::say(key, args)); }

// `html` with each {w:key} made the learner's words for key (escaped): the
// fixed pages below are written with them, so the table holds their sentences.
std::string with_words(std::string_view html) {
  std::string out;
  out.reserve(html.size() + html.size() / 4);
  std::size_t at = 0;
  while (at < html.size()) {
    const std::size_t open = html.find("{w:", at);
    const std::size_t close = open == std::string_view::npos ? open : html.find('}', open);
    if (close == std::string_view::npos) break;
    out += html.substr(at, open - at);
    out += word(html.substr(open + 3, close - open - 3));
    at = close + 1;
  }
  out += html.substr(at);
  return out;
}

// `text` with the first `placeholder` replaced by `html`.
void replace_once(std::string& text, std::string_view placeholder, std::string_view html) {
  const std::size_t at = text.find(placeholder);
  if (at != std::string::npos) text.replace(at, placeholder.size(), html);
}

std::string_view callout_class(guide::CalloutKind kind) {
  switch (kind) {
    case guide::CalloutKind::check:
      return "check";
    case guide::CalloutKind::tip:
      return "tip";
    case guide::CalloutKind::warning:
      return "warning";
    case guide::CalloutKind::pin:
      return "pin";
  }
  return "check";
}

void append_badge(std::string& out, Level level) {
  if (level == Level::unspecified) return;
  out += fmt::format(R"(<span class="badge badge-{}">{}</span>)", guide::to_string(level), guide::display_name(level));
}

// A fill-in question with each [[answer]] blank replaced by a token that
// Markdown leaves alone, to find the blanks again in the rendered HTML.
constexpr std::string_view k_blank_token = "PREPDECKBLANK";

std::string with_blank_tokens(std::string_view markdown) {
  const std::vector<guide::Blank> blanks = guide::find_blanks(markdown);
  std::string text;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < blanks.size(); ++i) {
    text.append(markdown, pos, blanks[i].offset - pos);
    text += fmt::format("{}{}X", k_blank_token, i);
    pos = blanks[i].offset + blanks[i].length;
  }
  text.append(markdown, pos);
  return text;
}

// Calls `token(index)` for each blank token in `html`, in order, and
// `text(piece)` for what lies between them.
template <typename Text, typename Token>
void split_at_blank_tokens(std::string_view html, std::size_t blanks, Text&& text, Token&& token) {
  std::size_t copied = 0;
  for (std::size_t at = html.find(k_blank_token); at != std::string_view::npos; at = html.find(k_blank_token, at + 1)) {
    std::size_t index = 0;
    const char* digits = html.data() + at + k_blank_token.size();
    const auto [end, ec] = std::from_chars(digits, html.data() + html.size(), index);
    if (ec != std::errc() || end == html.data() + html.size() || *end != 'X' || index >= blanks) continue;
    text(html.substr(copied, at - copied));
    token(index);
    copied = static_cast<std::size_t>(end - html.data()) + 1;
    at = copied - 1;
  }
  text(html.substr(copied));
}

// Writes a page's blocks into `out`. The Markdown pieces are not rendered on
// the spot: finish() renders them all in one md4c call (MarkdownBatch) and
// splices each piece's HTML in where it was asked for.
class PageWriter {
 public:
  PageWriter(const Guide& g, std::string& out, const std::vector<QuizLink>* quiz_links = nullptr)
      : m_guide(g), m_out(out), m_quiz_links(quiz_links) {}

  void blocks(const std::vector<Block>& list) { blocks(list, 0, list.size()); }

  void blocks(const std::vector<Block>& list, std::size_t begin, std::size_t end_at) {
    for (std::size_t i = begin; i < end_at; ++i) {
      const Block& b = list[i];
      if (b.kind == BlockKind::tab) {
        // Consecutive tabs form one set.
        std::size_t end = i;
        while (end < end_at && list[end].kind == BlockKind::tab) ++end;
        tabs(list, i, end);
        i = end - 1;
        continue;
      }
      block(b);
    }
  }

  // The link after each heading (toc: permalink): its text (empty: none) and tooltip.
  void use_permalink(std::string_view text, std::string_view title) {
    m_permalink = text;
    m_permalink_title = title;
  }

  // Makes finish() fill `texts[n]` with the plain text of question n's answer
  // (for the search index), taken from the HTML rendered for the page.
  void collect_answer_text(std::vector<std::string>* texts) { m_answer_text = texts; }

  // Renders the Markdown and puts it in place; call once `out` is complete.
  void finish() {
    if (m_spots.empty()) {
      take_captures({});
      return;
    }
    m_batch.render();
    // How much HTML the first k spots insert, to find the captures after splicing.
    std::vector<std::size_t> inserted_before(m_spots.size() + 1, 0);
    for (std::size_t k = 0; k < m_spots.size(); ++k)
      inserted_before[k + 1] = inserted_before[k] + m_batch.html(m_spots[k].fragment).size();
    std::size_t size = m_out.size();
    for (const Spot& spot : m_spots) size += m_batch.html(spot.fragment).size();
    std::string page;
    page.reserve(size);
    std::size_t from = 0;
    for (const Spot& spot : m_spots) {
      page.append(m_out, from, spot.offset - from);
      page += m_batch.html(spot.fragment);
      from = spot.offset;
    }
    page.append(m_out, from);
    m_out.swap(page);
    m_spots.clear();
    take_captures(inserted_before);
  }

  // Where a captured piece of the page starts: call, write the piece, then capture().
  struct Mark {
    std::size_t offset;  // in m_out before finish() splices the HTML in
    std::size_t spots;   // spots recorded before it
  };
  Mark mark() const { return Mark{m_out.size(), m_spots.size()}; }
  // Makes finish() store the HTML written since `begin` in `*html`, or its
  // plain text in `*text` (either may be null).
  void capture(Mark begin, std::string* html, std::string* text = nullptr) {
    m_captures.push_back(Capture{begin, mark(), html, text});
  }

  // Relative links in the page's Markdown lead where MkDocs would have them
  // lead. With flat URLs a page is served from its Markdown file's folder, so
  // only links to .md pages change, which the rendered-HTML pass does
  // (md4c's parse of the page is not paid twice).
  void resolve_links(const SiteLinks& links) {
    if (links.style == util::UrlStyle::flat) return;
    m_batch.set_links([this, &links](std::string_view destination,
                                     guide::LinkKind) { return resolve_link(destination, m_guide.path, links); },
                      MarkdownBatch::HtmlLinks::keep);
  }

  // Block Markdown, rendered here by finish().
  void markdown(std::string_view text) { m_spots.push_back(Spot{m_out.size(), m_batch.add(text)}); }
  // Inline Markdown (no <p>), rendered here by finish().
  void inline_markdown(std::string_view text) { m_spots.push_back(Spot{m_out.size(), m_batch.add_inline(text)}); }

 private:
  struct Spot {
    std::size_t offset;  // in m_out
    std::size_t fragment;
  };
  struct Capture {
    Mark begin, end;
    std::string* html;
    std::string* text;
  };

  void take_captures(const std::vector<std::size_t>& inserted_before) {
    for (const Capture& c : m_captures) {
      const std::size_t begin = c.begin.offset + (inserted_before.empty() ? 0 : inserted_before[c.begin.spots]);
      const std::size_t end = c.end.offset + (inserted_before.empty() ? 0 : inserted_before[c.end.spots]);
      const std::string_view piece = std::string_view(m_out).substr(begin, end - begin);
      if (c.html != nullptr) c.html->assign(piece);
      if (c.text != nullptr) *c.text = html_to_text(piece);
    }
    m_captures.clear();
  }

  void block(const Block& b) {
    switch (b.kind) {
      case BlockKind::markdown:
        if (m_tags != nullptr && is_tags_marker(b.text)) {
          tags_index();
        } else {
          markdown(b.text);
        }
        break;
      case BlockKind::heading:
        heading(b);
        break;
      case BlockKind::question:
        question(m_guide.questions[b.index]);
        break;
      case BlockKind::quiz:
        quiz(b.index);
        break;
      case BlockKind::admonition:
        admonition(b);
        break;
      case BlockKind::tab:
        break;  // handled with its set
      case BlockKind::quiz_intro:
        quiz_intro();
        break;
      case BlockKind::quiz_results:
        m_out += "<div class=\"quiz-results\" data-quiz-results hidden></div>\n";
        break;
      case BlockKind::callout:
        callout(b);
        break;
      case BlockKind::math:
        // pymdownx.arithmatex's generic output, which KaTeX's and MathJax's set-ups read.
        m_out += "<div class=\"arithmatex\" tabindex=\"0\">";  // it scrolls sideways when wide
        if (b.text.rfind("\\[", 0) != 0) m_out += "\\[";
        append_escaped(m_out, b.text);
        if (b.text.rfind("\\[", 0) != 0) m_out += "\\]";
        m_out += "</div>\n";
        break;
      case BlockKind::definitions:
        m_out += "<dl>\n";
        blocks(b.children);
        m_out += "</dl>\n";
        break;
      case BlockKind::term:
        m_out += "<dt>";
        inline_markdown(b.text);
        m_out += "</dt>\n";
        break;
      case BlockKind::definition:
        m_out += "<dd>\n";
        blocks(b.children);
        m_out += "</dd>\n";
        break;
      case BlockKind::html:
        markdown_html(b);
        break;
      case BlockKind::list:
        if (b.type == "ol") {
          m_out += b.index == 1 ? std::string("<ol>\n") : fmt::format("<ol start=\"{}\">\n", b.index);
        } else {
          m_out += "<ul>\n";
        }
        blocks(b.children);
        m_out += b.type == "ol" ? "</ol>\n" : "</ul>\n";
        break;
      case BlockKind::list_item:
        m_out += "<li>\n";
        blocks(b.children);
        m_out += "</li>\n";
        break;
    }
  }

 public:
  // Each question's and quiz item's parts, stored in `items` by finish().
  void items(ItemsHtml& items) {
    items.questions.resize(m_guide.questions.size());
    items.quizzes.resize(m_guide.quizzes.size());
    for (std::size_t i = 0; i < m_guide.questions.size(); ++i) {
      const guide::Question& q = m_guide.questions[i];
      ItemsHtml::Question& out = items.questions[i];
      Mark begin = mark();
      inline_markdown(q.title);
      capture(begin, &out.title);
      if (q.hint) {
        begin = mark();
        inline_markdown(*q.hint);
        capture(begin, &out.hint);
      }
      begin = mark();
      answer_blocks(q);
      capture(begin, &out.answer);
      out.choices.resize(q.choices.size());
      for (std::size_t k = 0; k < q.choices.size(); ++k) {
        begin = mark();
        inline_markdown(q.choices[k].text);
        capture(begin, &out.choices[k]);
      }
    }
    for (std::size_t i = 0; i < m_guide.quizzes.size(); ++i) {
      const guide::QuizItem& item = m_guide.quizzes[i];
      ItemsHtml::Quiz& out = items.quizzes[i];
      out.question.resize(1);
      Mark begin = mark();
      markdown(item.kind == guide::QuizKind::fill ? with_blank_tokens(item.question_markdown) : item.question_markdown);
      capture(begin, &out.question[0]);
      out.options.resize(item.options.size());
      out.feedback.resize(item.options.size());
      for (std::size_t k = 0; k < item.options.size(); ++k) {
        begin = mark();
        inline_markdown(item.options[k].markdown);
        capture(begin, &out.options[k]);
        if (item.options[k].feedback.empty()) continue;
        begin = mark();
        markdown(item.options[k].feedback);
        capture(begin, &out.feedback[k]);
      }
      if (item.explanation_markdown.empty()) continue;
      begin = mark();
      markdown(item.explanation_markdown);
      capture(begin, &out.explanation);
    }
  }

  // Links and images in every piece rendered from now on go where `rewrite` says.
  void rewrite_links(guide::LinkRewrite rewrite) {
    m_batch.set_links(std::move(rewrite), MarkdownBatch::HtmlLinks::keep);
  }
  void code_colors(bool colors) { m_batch.set_code_colors(colors); }

  // Material's tags index goes where the page says (`root` reaches the site's root).
  void use_tags(const TagIndex* tags, std::string root) {
    m_tags = tags;
    m_root = std::move(root);
  }

  // The page's footnotes, numbered as the inline pass numbers their
  // references, each with its way back (Python-Markdown's markup).
  void footnotes() {
    if (m_guide.footnotes.empty()) return;
    m_out += "<div class=\"footnote\">\n<hr>\n<ol>\n";
    for (std::size_t k = 0; k < m_guide.footnotes.size(); ++k) {
      const guide::Footnote& note = m_guide.footnotes[k];
      m_out += fmt::format("<li id=\"fn:{}\">\n", escape(note.label));
      blocks(note.blocks);
      m_out += fmt::format(
          "<a class=\"footnote-backref\" href=\"#fnref:{}\" title=\"Jump back to footnote {} in the text\">"
          "&#8617;</a>\n</li>\n",
          escape(note.label), k + 1);
    }
    m_out += "</ol>\n</div>\n";
  }

  // The inline syntax of the site's extensions (render/inline_extensions.h),
  // with the page's abbreviations and footnotes.
  void use_extensions(const source::MarkdownExtensions& extensions, const IconSet* icons) {
    InlineOptions options;
    options.keys = extensions.keys;
    options.mark = extensions.mark;
    options.caret = extensions.caret;
    options.tilde = extensions.tilde;
    options.emoji = extensions.emoji;
    options.smart_symbols = extensions.smart_symbols;
    options.icons = extensions.emoji ? icons : nullptr;
    for (const guide::Abbreviation& a : m_guide.abbreviations) options.abbreviations.emplace_back(a.text, a.title);
    for (const guide::Footnote& note : m_guide.footnotes) options.footnotes.push_back(note.label);
    m_inlines.emplace(std::move(options));
    m_batch.set_extensions(extensions, &*m_inlines);
  }

 private:
  // mkdocs-quiz's intro placeholder: what the quiz is and how it is scored (the
  // script adds how far the learner is and a reset button).
  void quiz_intro() {
    const auto items = static_cast<std::size_t>(std::count_if(m_guide.quizzes.begin(), m_guide.quizzes.end(),
                                                              [](const guide::QuizItem& item) { return item.valid; }));
    m_out += fmt::format("<div class=\"quiz-intro\" data-quiz-intro><p>{}</p></div>\n",
                         word("quiz.page_intro", {{"questions", util::counted(items, "question")}}));
  }

  void heading(const Block& b) {
    const int depth = b.depth;
    if (b.anchor.empty()) {
      m_out += fmt::format("<h{}>", depth);
      inline_markdown(b.text);
      m_out += fmt::format("</h{}>\n", depth);
      return;
    }
    m_out += fmt::format(R"(<h{} id="{}">)", depth, escape(b.anchor));
    inline_markdown(b.text);
    if (!m_permalink.empty()) {
      m_out += fmt::format(R"(<a class="headerlink" href="#{0}" title="{1}" aria-label="{1}">{2}</a>)",
                           escape(b.anchor), escape(m_permalink_title), escape(m_permalink));
    }
    m_out += fmt::format("</h{}>\n", depth);
  }

  void question(const guide::Question& q) {
    const std::string anchor = anchor_of(q.id);
    m_out +=
        fmt::format(R"(<details class="q" id="{}" data-id="{}" data-level="{}" data-section="{}"{}>)", escape(anchor),
                    escape(q.id), guide::to_string(q.level), escape(section_name(q.section)), q.open ? " open" : "");
    m_out += "\n<summary>";
    if (q.number) m_out += fmt::format(R"(<span class="q-num">{}.</span> )", *q.number);
    m_out += "<span class=\"q-title\">";
    inline_markdown(q.title);
    m_out += "</span>";
    append_badge(m_out, q.level);
    if (q.hint) {
      m_out += "<span class=\"q-hint\">\xF0\x9F\xA7\xA0 ";
      inline_markdown(*q.hint);
      m_out += "</span>";
    }
    m_out += "</summary>\n<div class=\"q-body\">\n";
    // Not in the summary: a link inside the summary's button is a control inside a control.
    m_out += fmt::format(R"(<a class="permalink" href="#{}" aria-label="{}">#</a>)", escape(anchor),
                         word("page.question_link"));
    m_out += "\n";
    const Mark begin = mark();
    answer(q);
    if (m_answer_text != nullptr) capture(begin, nullptr, &(*m_answer_text)[&q - m_guide.questions.data()]);
    // Made once: the same on every question of every page.
    static const std::string marks =
        with_words(R"(<div class="q-marks" hidden><button type="button" data-mark="knew">{w:mark.knew_it}</button>)"
                   R"(<button type="button" data-mark="review">{w:mark.for_review}</button></div>)");
    m_out += marks;
    m_out += "\n</div>\n</details>\n";
  }

 private:
  // A question's answer: its blocks (callouts among them) and choices.
  void answer(const guide::Question& q) {
    answer_blocks(q);
    if (!q.choices.empty()) {
      m_out += "<ul class=\"choices\">\n";
      static const std::string correct_hint = with_words("<span class=\"sr-only\">{w:answer.correct_hint}</span>");
      for (const guide::Choice& choice : q.choices) {
        m_out += fmt::format(R"(<li class="choice{}">{})", choice.correct ? " correct" : "",
                             choice.correct ? correct_hint : std::string());
        inline_markdown(choice.text);
        m_out += "</li>\n";
      }
      m_out += "</ul>\n";
    }
  }

  void answer_blocks(const guide::Question& q) {
    const guide::Question* outer = m_question;
    m_question = &q;
    blocks(q.blocks);
    m_question = outer;
  }

  static bool is_tags_marker(std::string_view text) {
    return util::trim(text) == "[TAGS]" || text.find("<!-- material/tags -->") != std::string_view::npos;
  }

  // Every tag, then the pages that carry it, as Material's tags page lists them.
  void tags_index() {
    m_out += "<div class=\"tags-index\">\n";
    for (const auto& [tag, pages] : m_tags->tags) {
      m_out += fmt::format("<h2 id=\"{}\">{}</h2>\n<ul>\n", escape(util::toc_slugify(tag)), escape(tag));
      for (const auto& [title, url] : pages) {
        m_out += fmt::format("<li><a href=\"{}{}\">{}</a></li>\n", escape(m_root), escape(url), escape(title));
      }
      m_out += "</ul>\n";
    }
    m_out += "</div>\n";
  }

  // <div markdown>, <figure markdown>: the tag as written (through the
  // sanitizer, like any raw HTML), its content rendered as blocks.
  void markdown_html(const Block& b) {
    const std::string tag = sanitize_html("<" + b.type + (b.text.empty() ? "" : " " + b.text) + "></" + b.type + ">");
    const std::size_t close = tag.rfind("</");
    if (close == std::string::npos) {
      blocks(b.children);
      return;
    }
    m_out.append(tag, 0, close);
    m_out += "\n";
    blocks(b.children);
    m_out.append(tag, close);
    m_out += "\n";
  }

  void callout(const Block& b) {
    if (m_question == nullptr || b.index >= m_question->callouts.size()) return;
    const guide::Callout& c = m_question->callouts[b.index];
    m_out += fmt::format(
        R"(<div class="callout callout-{}"><p class="callout-label"><span aria-hidden="true">{}</span> {}</p>)",
        callout_class(c.kind), guide::callout_icon(c.kind), escape(c.label));
    m_out += "\n";
    blocks(b.children);
    m_out += "</div>\n";
  }

  void quiz(std::uint32_t index) {
    const guide::QuizItem& item = m_guide.quizzes[index];
    if (!item.valid) return;  // reported by the diagnostics; nothing to score
    const std::string anchor = "quiz-" + anchor_of(item.id);
    const std::string section =
        item.section < m_guide.sections.size() ? m_guide.sections[item.section].title : std::string();
    QuizLink link{item.level, {}};
    if (m_quiz_links != nullptr && index < m_quiz_links->size()) link = (*m_quiz_links)[index];
    m_out += fmt::format(R"(<form class="quiz" id="{}" data-id="{}" data-kind="{}" data-section="{}")", escape(anchor),
                         escape(item.id), guide::to_string(item.kind), escape(section));
    if (link.level != Level::unspecified) m_out += fmt::format(R"( data-level="{}")", guide::to_string(link.level));
    if (!link.study_url.empty()) m_out += fmt::format(R"( data-study="{}")", escape(link.study_url));
    m_out += ">";
    m_out += "\n";
    if (item.kind == guide::QuizKind::fill) {
      fill_question(item);
    } else {
      m_out += "<div class=\"quiz-question\">";
      markdown(item.question_markdown);
      m_out += "</div>\n";
      static const std::string options =
          with_words("<fieldset class=\"quiz-options\"><legend class=\"sr-only\">{w:quiz.answers}</legend>\n");
      m_out += options;
      const std::string_view type = item.kind == guide::QuizKind::single ? "radio" : "checkbox";
      for (std::size_t i = 0; i < item.options.size(); ++i) {
        const guide::QuizOption& o = item.options[i];
        m_out += fmt::format(R"(<label class="quiz-option"><input type="{}" name="{}" value="{}"{}> <span>)", type,
                             escape(anchor), i, o.correct ? " data-correct" : "");
        inline_markdown(o.markdown);
        m_out += "</span></label>";
        if (!o.feedback.empty()) {
          m_out += fmt::format(R"(<div class="quiz-option-feedback" data-for="{}" hidden>)", i);
          markdown(o.feedback);
          m_out += "</div>";
        }
        m_out += "\n";
      }
      m_out += "</fieldset>\n";
    }
    static const std::string submit =
        with_words("<button type=\"submit\" class=\"quiz-submit\">{w:quiz.submit}</button>\n");
    if (item.kind != guide::QuizKind::single) m_out += submit;
    m_out += "<div class=\"quiz-feedback\" role=\"status\" aria-live=\"polite\" hidden></div>\n";
    if (!item.explanation_markdown.empty()) {
      m_out += "<div class=\"quiz-explanation\" hidden>";
      markdown(item.explanation_markdown);
      m_out += "</div>\n";
    }
    m_out += "</form>\n";
  }

  // The question with each [[answer]] blank turned into a text box.
  void fill_question(const guide::QuizItem& item) {
    const std::vector<guide::Blank> blanks = guide::find_blanks(item.question_markdown);
    const std::string html = markdown_to_html(with_blank_tokens(item.question_markdown));
    // One pass over the tokens that came through (a blank inside a dropped
    // attribute does not), each box put in place of its own.
    m_out += "<div class=\"quiz-question\">";
    split_at_blank_tokens(
        html, blanks.size(), [this](std::string_view piece) { m_out += piece; },
        [&](std::size_t index) {
          m_out += fmt::format(
              R"(<input type="text" class="quiz-blank" data-answer="{}" aria-label="Blank {}" autocomplete="off" spellcheck="false">)",
              escape(blanks[index].answer), index + 1);
        });
    m_out += "</div>\n";
  }

  void admonition(const Block& b) {
    const std::string type = b.type.empty() ? "note" : b.type;
    std::string title = b.text;
    if (title.empty()) {
      title = type;
      title[0] = static_cast<char>(title[0] >= 'a' && title[0] <= 'z' ? title[0] - 'a' + 'A' : title[0]);
    }
    if (b.style == guide::AdmonitionStyle::plain) {
      m_out += fmt::format(R"(<div class="admonition {}"><p class="admonition-title">)", escape(type));
      inline_markdown(title);
      m_out += "</p>\n";
      blocks(b.children);
      m_out += "</div>\n";
      return;
    }
    m_out += fmt::format(R"(<details class="admonition {}"{}><summary>)", escape(type),
                         b.style == guide::AdmonitionStyle::open ? " open" : "");
    inline_markdown(title);
    m_out += "</summary>\n";
    blocks(b.children);
    m_out += "</details>\n";
  }

  // Without the script every tab shows under its own label; the script makes them tabs.
  void tabs(const std::vector<Block>& list, std::size_t begin, std::size_t end) {
    m_out += "<div class=\"tabbed-set\">\n";
    for (std::size_t i = begin; i < end; ++i) {
      m_out += R"(<section class="tabbed-block"><h4 class="tabbed-label">)";
      inline_markdown(list[i].text);
      m_out += "</h4>\n";
      blocks(list[i].children);
      m_out += "</section>\n";
    }
    m_out += "</div>\n";
  }

  // The plain text of a section's title (for per-section results), computed once per section.
  const std::string& section_name(std::uint32_t section) {
    static const std::string none;
    if (section >= m_guide.sections.size()) return none;
    if (m_section_names.empty()) m_section_names.resize(m_guide.sections.size());
    auto& name = m_section_names[section];
    if (!name) name = guide::plain_text(m_guide.sections[section].title);
    return *name;
  }

  const Guide& m_guide;
  std::string& m_out;
  const std::vector<QuizLink>* m_quiz_links;
  std::string m_permalink = "#";  // use_permalink()
  std::string m_permalink_title = "Link to this section";
  const guide::Question* m_question = nullptr;  // whose answer is being written
  std::vector<std::optional<std::string>> m_section_names;
  std::vector<std::string>* m_answer_text = nullptr;
  std::vector<Capture> m_captures;
  MarkdownBatch m_batch;
  std::optional<InlineExtensions> m_inlines;
  const TagIndex* m_tags = nullptr;
  std::string m_root;
  std::vector<Spot> m_spots;
};

// The top-level block after the page's own # heading, or 0 when it has none.
std::size_t after_title_heading(const Guide& g) {
  for (std::size_t i = 0; i < g.blocks.size(); ++i) {
    if (g.blocks[i].kind == BlockKind::heading && g.blocks[i].depth == 1) return i + 1;
  }
  return 0;
}

bool is_external(std::string_view url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0 || url.rfind("//", 0) == 0;
}

// Where a page loads one of the site's files from: a URL as it is, a path from the root.
std::string asset_url(const std::string& root, const std::string& path) {
  return is_external(path) ? path : root + path;
}

// `root` is how the page reaches the site's root: "../" from a folder down,
// or an absolute path for a page served at any depth (404.html).
void page_head(std::string& out, const std::string& title, const SiteContext& site, const std::string& page_url,
               const std::string& root, Diagrams diagrams = Diagrams::none, Math math = Math::none) {
  out += fmt::format("<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                     site.language.empty() ? std::string("en") : escape(site.language));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"prepdeck\">\n";
  // Should a guide's raw HTML get past the sanitizer, nothing in it runs.
  out += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
                     escape(content_security_policy(site.extra, diagrams, math, !site.analytics_property.empty())));
  out += "<title>" + escape(title);
  if (!site.site_name.empty() && site.site_name != title) out += " - " + escape(site.site_name);
  out += "</title>\n";
  if (!site.base_url.empty()) {
    const std::string_view sep = site.base_url.back() == '/' ? "" : "/";
    out += fmt::format("<link rel=\"canonical\" href=\"{}{}{}\">\n", escape(site.base_url), sep, escape(page_url));
  }
  if (!site.api.empty()) out += "<meta name=\"prepdeck-api\" content=\"" + escape(site.api) + "\">\n";
  if (!site.description.empty())
    out += fmt::format("<meta name=\"description\" content=\"{}\">\n", escape(site.description));
  if (site.favicon.empty()) {
    out += fmt::format("<link rel=\"icon\" href=\"{}assets/favicon.svg\" type=\"image/svg+xml\">\n", root);
  } else {
    out += fmt::format("<link rel=\"icon\" href=\"{}\">\n", escape(asset_url(root, site.favicon)));
  }
  out += fmt::format("<link rel=\"stylesheet\" href=\"{}assets/prepdeck.css\">\n", root);
  for (const std::string& style : site.extra.styles)
    out += fmt::format("<link rel=\"stylesheet\" href=\"{}\">\n", escape(asset_url(root, style)));
  // Set the theme before the first paint, so a dark page never flashes light
  // (a blocking script of its own: the policy above runs no inline script).
  out += fmt::format("<script src=\"{}assets/theme.js\"></script>\n", root);
  out += "</head>\n";
}

void script_tag(std::string& out, const std::string& root, const source::ExtraScript& script, bool deferred) {
  out += fmt::format("<script src=\"{}\"", escape(asset_url(root, script.path)));
  if (!script.type.empty()) out += fmt::format(" type=\"{}\"", escape(script.type));
  if (script.async) out += " async";
  if (script.defer || deferred) out += " defer";
  out += "></script>\n";
}

// `drawer`: the page has the site's navigation, which narrow windows open as a
// drawer from the header (a checkbox and its labels: no script needed; the
// checkbox is what the keyboard reaches).
void page_header(std::string& out, const SiteContext& site, const std::string& root, bool drawer) {
  out += "<body";
  if (!site.palette_primary.empty()) out += fmt::format(" data-md-color-primary=\"{}\"", escape(site.palette_primary));
  if (!site.palette_accent.empty()) out += fmt::format(" data-md-color-accent=\"{}\"", escape(site.palette_accent));
  out += fmt::format(">\n<a class=\"skip-link\" href=\"#content\">{}</a>\n", escape(site.ui.skip_link));
  drawer = drawer && !site.nav.children.empty();
  if (drawer) {
    out += fmt::format(R"(<input type="checkbox" id="nav-drawer" class="drawer-state" aria-label="{}">)",
                       escape(site.ui.navigation));
    out += "\n<label class=\"drawer-backdrop\" for=\"nav-drawer\" aria-hidden=\"true\"></label>\n";
  }
  out += "<header class=\"top\">\n";
  if (drawer) {
    out +=
        "<label class=\"drawer-toggle\" for=\"nav-drawer\" aria-hidden=\"true\"><svg viewBox=\"0 0 24 24\">"
        "<path d=\"M3 6h18v2H3V6m0 5h18v2H3v-2m0 5h18v2H3v-2Z\"/></svg></label>\n";
  }
  // The home page: its folder where pages are folders, else its file (which also opens from file://).
  const std::string home =
      site.url_style == util::UrlStyle::directory ? (root.empty() ? std::string("./") : root) : root + "index.html";
  if (!site.logo.empty()) {
    out += fmt::format(R"(<a class="site-logo" href="{}"><img src="{}" alt="" width="32" height="32"></a>)", home,
                       escape(asset_url(root, site.logo)));
  }
  out += fmt::format(R"(<a class="site-name" href="{}">{}</a>)", home,
                     escape(site.site_name.empty() ? "prepdeck" : site.site_name));
  out += fmt::format(
      "\n<div class=\"search\" role=\"search\"><input type=\"search\" id=\"search-input\" placeholder=\"{0}\" "
      "aria-label=\"{0}\"{1} autocomplete=\"off\" hidden>"
      "<div id=\"search-results\" class=\"search-results\" hidden></div></div>\n",
      escape(site.ui.search),
      site.ui.search_none.empty() ? std::string() : fmt::format(" data-none=\"{}\"", escape(site.ui.search_none)));
  if (!site.api.empty()) {
    out += "<nav class=\"app-links\" aria-label=\"" + word("page.learning") + "\"><a href=\"" + root +
           "review.html\">" + word("page.review") + "</a> <a href=\"" + root + "level-test.html\">" +
           word("page.level_test") + "</a></nav>";
    out += "\n";
  }
  if (!site.repo_url.empty()) {
    out += fmt::format(R"(<a class="repo" href="{}" title="{}">)", escape(site.repo_url), escape(site.ui.source));
    const std::string_view host_icon =
        site.repo_url.find("github.com") != std::string::npos  ? "fontawesome-brands-github"
        : site.repo_url.find("gitlab") != std::string::npos    ? "fontawesome-brands-gitlab"
        : site.repo_url.find("bitbucket") != std::string::npos ? "fontawesome-brands-bitbucket"
                                                               : "fontawesome-brands-git-alt";
    if (site.icons != nullptr) {
      if (auto svg = site.icons->svg(host_icon))
        out += "<span class=\"repo-icon\" aria-hidden=\"true\">" + *svg + "</span>";
    }
    out += escape(site.repo_name) + "</a>\n";
  }
  out += "<button type=\"button\" class=\"theme-toggle\" aria-label=\"" + word("page.theme") +
         "\" hidden>"
         "<span aria-hidden=\"true\">\xE2\x97\x90</span></button>\n";  // ◐
  out += "</header>\n";
}

// Appends a nav link; the hottest loop of a large site's pages, so no formatting library.
void nav_link(std::string& out, const std::string& root, const NavNode& node, bool current) {
  out += "<a href=\"";
  out += root;
  append_escaped(out, node.url);
  out += current ? "\" aria-current=\"page\">" : "\">";
  append_escaped(out, node.title);
  out += "</a>";
}

void nav_level(std::string& out, const NavNode& section, std::span<const std::uint32_t> path, const std::string& root,
               const std::string& current) {
  out += "<ul>\n";
  for (std::size_t i = 0; i < section.children.size(); ++i) {
    const NavNode& child = section.children[i];
    if (!child.is_section()) {
      out += "<li>";
      nav_link(out, root, child, child.url == current);
      out += "</li>\n";
    } else if (!path.empty() && path.front() == i) {
      out += "<li class=\"nav-section open\"><span>";
      append_escaped(out, child.title);
      out += "</span>\n";
      nav_level(out, child, path.subspan(1), root, current);
      out += "</li>\n";
    } else {
      out += "<li class=\"nav-section closed\">";
      nav_link(out, root, child, false);
      out += "</li>\n";
    }
  }
  out += "</ul>\n";
}

void site_nav(std::string& out, const SiteContext& site, const std::string& root, const std::string& current,
              std::span<const std::uint32_t> path) {
  if (site.nav.children.empty()) return;
  out += "<nav class=\"sidebar\" aria-label=\"Site\">\n";
  nav_level(out, site.nav, path, root, current);
  out += "</nav>\n";
}

void page_footer(std::string& out, const std::string& root, const SiteContext& site, Diagrams diagrams = Diagrams::none,
                 Math math = Math::none) {
  out += "<footer class=\"bottom\">";
  if (!site.social.empty()) {
    out += "<div class=\"social\">";
    for (const source::SocialLink& link : site.social) {
      if (!is_safe_url(link.link)) continue;
      const std::string name = link.name.empty() ? util::file_name(link.icon) : link.name;
      out += fmt::format(R"(<a href="{}" title="{}" aria-label="{}" rel="me">)", escape(link.link), escape(name),
                         escape(name));
      std::optional<std::string> svg;
      if (site.icons != nullptr && !link.icon.empty()) {
        std::string shortcode = link.icon;
        std::replace(shortcode.begin(), shortcode.end(), '/', '-');
        svg = site.icons->svg(shortcode);
      }
      out += svg ? *svg : escape(name);
      out += "</a>";
    }
    out += "</div>";
  }
  if (!site.copyright.empty()) out += "<div class=\"copyright\">" + sanitize_html(site.copyright) + "</div>";
  out += "<p>" + word("page.built_with") + "</p></footer>\n";
  // The words, scoring and the diagram script run before prepdeck.js (all deferred, in order),
  // which then draws the diagrams in the page's light or dark.
  out += fmt::format("<script src=\"{0}assets/words.js\" defer></script>\n", root);
  out += fmt::format("<script src=\"{0}assets/scoring.js\" defer></script>\n", root);
  if (diagrams == Diagrams::drawn && site.extra.diagrams) script_tag(out, root, *site.extra.diagrams, true);
  out += fmt::format("<script src=\"{0}assets/prepdeck.js\" defer></script>\n", root);
  for (const source::ExtraScript& script : site.extra.scripts) script_tag(out, root, script, false);
  if (!site.analytics_property.empty()) {
    out += fmt::format("<script src=\"{}assets/analytics.js\"></script>\n", root);
    out += fmt::format("<script async src=\"https://www.googletagmanager.com/gtag/js?id={}\"></script>\n",
                       site.analytics_property);
  }
  // The math scripts as the site lists them (its set-up, then KaTeX or MathJax).
  if (math == Math::drawn) {
    for (const source::ExtraScript& script : site.extra.math) script_tag(out, root, script, false);
  }
  out += "</body>\n</html>\n";
}

// Whether the page has a ```mermaid diagram (in its text or an answer).
bool draws_diagrams(const std::vector<Block>& blocks, const Guide& g) {
  const auto fenced_mermaid = [](const std::string& text) {
    for (std::size_t at = text.find("mermaid"); at != std::string::npos; at = text.find("mermaid", at + 1)) {
      std::size_t start = at;
      while (start > 0 && text[start - 1] == ' ') --start;
      std::size_t fence = start;
      while (fence > 0 && (text[fence - 1] == '`' || text[fence - 1] == '~')) --fence;
      if (start - fence >= 3) return true;
    }
    return false;
  };
  for (const Block& b : blocks) {
    if (b.kind == BlockKind::markdown && fenced_mermaid(b.text)) return true;
    if (b.kind == BlockKind::question && b.index < g.questions.size() && draws_diagrams(g.questions[b.index].blocks, g))
      return true;
    if (draws_diagrams(b.children, g)) return true;
  }
  return false;
}

// Whether the page has math: a math block, or a math span in its Markdown
// (a '$' pair or \( is enough to load the scripts; they find the rest).
bool draws_math(const Guide& g) {
  bool found = false;
  const auto visit = [&found](const Block& b) {
    if (found) return;
    if (b.kind == BlockKind::math) found = true;
    if (b.kind == BlockKind::markdown || b.kind == BlockKind::term) {
      const std::size_t dollar = b.text.find('$');
      found = (dollar != std::string::npos && b.text.find('$', dollar + 1) != std::string::npos) ||
              b.text.find("\\(") != std::string::npos;
    }
  };
  walk_blocks(g, g.blocks, visit);
  for (const guide::Footnote& note : g.footnotes) walk_blocks(g, note.blocks, visit);
  return found;
}

void table_of_contents(std::string& out, const Guide& g, PageWriter& writer, std::string_view title) {
  const bool any =
      std::any_of(g.sections.begin(), g.sections.end(), [](const guide::Section& s) { return s.depth >= 2; });
  if (!any) return;
  out += fmt::format("<aside class=\"toc\" aria-label=\"{0}\">\n<p class=\"toc-title\">{0}</p>\n<ul>\n", escape(title));
  for (const guide::Section& s : g.sections) {
    if (s.depth < 2) continue;
    out += fmt::format(R"(<li class="toc-{}"><a href="#{}">)", s.depth, escape(s.anchor));
    writer.inline_markdown(s.title);
    out += "</a></li>\n";
  }
  out += "</ul>\n</aside>\n";
}

std::array<std::size_t, 4> level_counts(const Guide& g) {
  std::array<std::size_t, 4> counts{};
  for (const auto& q : g.questions) ++counts[static_cast<std::size_t>(q.level)];
  return counts;
}

void toolbar(std::string& out, const Guide& g) {
  if (g.questions.empty()) return;
  const auto counts = level_counts(g);
  out += with_words(
      "<div class=\"toolbar\" role=\"toolbar\" aria-label=\"{w:toolbar.label}\" hidden>\n"
      "<button type=\"button\" data-action=\"expand\">{w:toolbar.expand}</button>\n"
      "<button type=\"button\" data-action=\"collapse\">{w:toolbar.collapse}</button>\n"
      "<fieldset class=\"level-filter\"><legend>{w:toolbar.level}</legend>\n");
  for (Level level : {Level::beginner, Level::intermediate, Level::advanced}) {
    const std::size_t n = counts[static_cast<std::size_t>(level)];
    if (n == 0) continue;
    out += fmt::format(
        R"(<label><input type="checkbox" name="level" value="{}" checked> {} <span class="count">{}</span></label>)",
        guide::to_string(level), guide::display_name(level), n);
    out += "\n";
  }
  out += "</fieldset>\n";
  out += with_words(
      "<label class=\"hide-known\"><input type=\"checkbox\" data-action=\"hide-known\"> "
      "{w:toolbar.hide_known}</label>\n"
      R"(<div class="progress" aria-label="{w:toolbar.progress}"><div class="progress-bar"></div>)");
  out += fmt::format(R"(<span class="progress-text">{}</span></div>)",
                     word("progress.known", {{"known", 0}, {"total", g.questions.size()}}));
  out += "\n</div>\n";
}

}  // namespace

namespace {

// A URL that can stand in a policy as a source: no white space, quotes, ';' or ','.
bool fits_a_policy(std::string_view url) {
  return !url.empty() && url.find_first_of(" \t\r\n'\";,") == std::string_view::npos;
}

// The source a policy names for a URL: the URL without its query or fragment.
std::string policy_source(std::string_view url) {
  if (url.rfind("//", 0) == 0) return "https:" + std::string(url.substr(0, url.find_first_of("?#")));
  return std::string(url.substr(0, url.find_first_of("?#")));
}

// "https://cdn.example.com/katex/katex.min.css" -> "https://cdn.example.com"
std::string policy_origin(std::string_view url) {
  const std::string source = policy_source(url);
  const std::size_t scheme = source.find("://");
  if (scheme == std::string::npos) return source;
  return source.substr(0, source.find('/', scheme + 3));
}

bool is_mermaid(std::string_view path) {
  return util::to_lower_ascii(util::file_name(path)).find("mermaid") != std::string::npos;
}

bool is_math_script(std::string_view path) {
  const std::string name = util::to_lower_ascii(util::file_name(path));
  for (std::string_view word : {"katex", "mathjax", "auto-render", "tex-mml", "tex-chtml", "tex-svg"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

bool from_polyfill_io(std::string_view url) {
  const std::string lower = util::to_lower_ascii(url);
  for (std::string_view host : {"://polyfill.io/", "://cdn.polyfill.io/", "//polyfill.io/", "//cdn.polyfill.io/"}) {
    if (lower.find(host) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

ExtraAssets extra_assets(const source::MkdocsConfig& config) {
  ExtraAssets extra;
  for (const source::ExtraScript& script : config.extra_javascript) {
    if (!fits_a_policy(script.path) || from_polyfill_io(script.path)) continue;
    if (!extra.diagrams && is_mermaid(script.path)) {
      extra.diagrams = script;
    } else if (is_math_script(script.path)) {
      extra.math.push_back(script);
    } else {
      extra.scripts.push_back(script);
    }
  }
  for (const std::string& style : config.extra_css) {
    if (fits_a_policy(style)) extra.styles.push_back(style);
  }
  return extra;
}

std::string content_security_policy(const ExtraAssets& extra, Diagrams diagrams, Math math, bool analytics) {
  std::string scripts;
  std::string connect;
  if (analytics) {
    scripts += " https://www.googletagmanager.com";
    connect += " https://*.google-analytics.com https://*.analytics.google.com https://*.googletagmanager.com";
  }
  const auto add_script = [&scripts](const source::ExtraScript& s) {
    if (is_external(s.path)) scripts += " " + policy_source(s.path);
  };
  for (const auto& s : extra.scripts) add_script(s);
  if (diagrams == Diagrams::drawn && extra.diagrams) add_script(*extra.diagrams);
  const bool draws_math = math == Math::drawn && !extra.math.empty();
  if (draws_math) {
    for (const auto& s : extra.math) add_script(s);
  }
  std::string styles;
  std::string fonts;  // a style sheet's fonts come from where it does (KaTeX's, Google Fonts')
  for (const auto& s : extra.styles) {
    if (is_external(s)) {
      styles += " " + policy_source(s);
      if (const std::string origin = policy_origin(s); fonts.find(" " + origin) == std::string::npos)
        fonts += " " + origin;
    }
  }
  if ((diagrams == Diagrams::drawn && extra.diagrams) || draws_math) styles += " 'unsafe-inline'";
  if (scripts.empty() && styles.empty()) return std::string(k_content_security_policy);
  return fmt::format(
      "default-src 'self'; script-src 'self'{}; style-src 'self'{}; img-src 'self' http: https:; font-src 'self'{}; "
      "connect-src 'self'{}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'none'",
      scripts, styles, fonts, connect);
}

std::vector<std::uint32_t> add_nav_page(NavNode& root, const std::vector<std::string>& sections, std::string title,
                                        std::string url) {
  std::vector<std::uint32_t> path;
  NavNode* at = &root;
  for (const std::string& name : sections) {
    if (at->children.empty() || !at->children.back().is_section() || at->children.back().title != name) {
      at->children.push_back(NavNode{name, url, {}});
    }
    path.push_back(static_cast<std::uint32_t>(at->children.size() - 1));
    at = &at->children.back();
  }
  at->children.push_back(NavNode{std::move(title), std::move(url), {}});
  path.push_back(static_cast<std::uint32_t>(at->children.size() - 1));
  return path;
}

void apply_theme_settings(const source::MkdocsConfig& config, SiteContext& site) {
  site.language = config.theme_language;
  if (!config.theme_language.empty()) {
    if (auto strings = material_ui_strings(config.theme_language)) site.ui = std::move(*strings);
  }
  if (!config.toc_title.empty()) site.ui.toc = config.toc_title;
  site.permalink = config.toc_permalink;
  site.permalink_title = config.toc_permalink_title;
  // Material's names are written with spaces ("deep purple") or hyphens.
  const auto palette_name = [](std::string name) {
    name = util::to_lower_ascii(util::trim(name));
    std::replace(name.begin(), name.end(), ' ', '-');
    return std::ranges::all_of(name, [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }) ? name : std::string();
  };
  site.palette_primary = palette_name(config.palette_primary);
  site.palette_accent = palette_name(config.palette_accent);
  if (is_safe_url(config.repo_url) && config.repo_url.find("://") != std::string::npos) {
    site.repo_url = config.repo_url;
    site.repo_name = config.repo_name;
    // The hosts MkDocs knows: their name, and its edit_uri default for them.
    struct Host {
      std::string_view domain, name, edit_uri;
    };
    static constexpr std::array<Host, 3> k_hosts = {{{"github.com", "GitHub", "edit/master/docs/"},
                                                     {"gitlab.com", "GitLab", "edit/master/docs/"},
                                                     {"bitbucket.org", "Bitbucket", "src/default/docs/"}}};
    const auto* host = std::ranges::find_if(
        k_hosts, [&config](const Host& h) { return config.repo_url.find(h.domain) != std::string::npos; });
    const bool known = host != k_hosts.end();
    if (site.repo_name.empty()) site.repo_name = known ? host->name : "Repository";
    const std::string edit_uri = config.edit_uri ? *config.edit_uri : known ? std::string(host->edit_uri) : "";
    if (!edit_uri.empty()) {
      if (edit_uri.find("://") != std::string::npos) {
        site.edit_base = edit_uri;
      } else {
        site.edit_base = config.repo_url;
        if (site.edit_base.back() != '/') site.edit_base += '/';
        site.edit_base += edit_uri.front() == '/' ? edit_uri.substr(1) : edit_uri;
      }
      if (site.edit_base.back() != '/') site.edit_base += '/';
      if (!is_safe_url(site.edit_base)) site.edit_base.clear();
    }
  }
  site.social = config.social;
  const std::string& property = config.analytics_property;
  const bool looks_right = property.size() >= 4 && property.size() <= 32 && property.rfind("G-", 0) == 0 &&
                           std::ranges::all_of(property, [](char c) {
                             return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                           });
  site.analytics_property = config.analytics_provider == "google" && looks_right ? property : std::string();
}

std::string analytics_script(const SiteContext& site) {
  if (site.analytics_property.empty()) return {};
  return fmt::format(
      "// Google Analytics 4, as mkdocs.yml extra.analytics asks (property {0}).\n"
      "window.dataLayer = window.dataLayer || [];\n"
      "function gtag() {{ window.dataLayer.push(arguments); }}\n"
      "gtag(\"js\", new Date());\n"
      "gtag(\"config\", \"{0}\");\n",
      site.analytics_property);
}

std::string anchor_of(const std::string& id) {
  const std::size_t slash = id.rfind('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

RenderedPage render_guide_page_and_text(const Guide& g, const std::string& page_url, const SiteContext& site,
                                        const PageLinks& links) {
  RenderedPage page;
  page.answer_text.resize(g.questions.size());
  std::string& out = page.html;
  out.reserve(4096 + g.questions.size() * 1024);
  const std::string root = root_prefix(page_url);
  const Diagrams diagrams = draws_diagrams(g.blocks, g) ? Diagrams::drawn : Diagrams::none;
  const Math math = site.extensions.math && draws_math(g) ? Math::drawn : Math::none;
  page_head(out, g.title, site, page_url, root, diagrams, math);
  const auto hides = [&g](std::string_view part) { return std::ranges::find(g.hide, part) != g.hide.end(); };
  page_header(out, site, root, !hides("navigation"));
  out += "<div class=\"layout\">\n";
  if (!hides("navigation")) site_nav(out, site, root, page_url, links.nav_path);
  out += fmt::format(R"(<main id="content" class="page" data-guide="{}" data-questions="{}"{}{}>)", escape(g.id),
                     g.questions.size(), g.quiz.shuffle_answers && !g.quizzes.empty() ? " data-shuffle" : "",
                     links.self_check ? " data-self-check-available" : "");
  out += "\n";
  if (!site.edit_base.empty()) {
    out += fmt::format(R"(<a class="edit-page" href="{0}{1}" title="{2}" rel="edit">{2}</a>)", escape(site.edit_base),
                       escape(g.path), escape(site.ui.edit));
    out += "\n";
  }
  // The title (the page's own # heading, or one made from the guide title), then the toolbar.
  if (site.tags != nullptr && !g.tags.empty()) {
    out += "<nav class=\"page-tags\" aria-label=\"Tags\">";
    for (const std::string& tag : g.tags) {
      if (site.tags->page_url.empty()) {
        out += fmt::format("<span class=\"tag\">{}</span>", escape(tag));
      } else {
        out += fmt::format("<a class=\"tag\" href=\"{}{}#{}\">{}</a>", root, escape(site.tags->page_url),
                           escape(util::toc_slugify(tag)), escape(tag));
      }
    }
    out += "</nav>\n";
  }
  PageWriter writer(g, out, &links.quizzes);
  writer.use_extensions(site.extensions, site.icons);
  writer.use_permalink(site.permalink, site.permalink_title);
  writer.use_tags(site.tags, root);
  writer.collect_answer_text(&page.answer_text);
  if (site.links != nullptr) writer.resolve_links(*site.links);
  const std::size_t body = after_title_heading(g);
  if (body == 0) out += "<h1>" + escape(g.title) + "</h1>\n";
  writer.blocks(g.blocks, 0, body);
  if (!links.guide_url.empty()) {
    std::string text = word("page.study_guide", {{"guide", "{guide}"}});
    replace_once(text, "{guide}",
                 fmt::format(R"(<a href="{}{}">{}</a>)", root, escape(links.guide_url), escape(links.guide_title)));
    out += R"(<p class="related related-guide">)" + text + "</p>";
    out += "\n";
  }
  if (links.self_check) {
    // Shown by the script in self-check mode (page.html#self-check).
    out += fmt::format("<div class=\"quiz-intro\" data-quiz-intro hidden><p>{}</p></div>\n",
                       word("self.page_intro", {{"questions", util::counted(g.questions.size(), "question")}}));
  }
  toolbar(out, g);
  writer.blocks(g.blocks, body, g.blocks.size());
  writer.footnotes();
  if (!g.quizzes.empty()) out += "<div class=\"quiz-summary\" data-quiz-summary hidden></div>\n";
  if (links.self_check) out += "<div class=\"quiz-results\" data-quiz-results hidden></div>\n";
  if (!g.quizzes.empty() || links.self_check) {
    // The verdict's thresholds as data: web/scoring.js reads them, so the page
    // and engine::quiz_verdict cannot drift apart.
    out += "<script type=\"application/json\" id=\"prepdeck-scoring\">" + engine::verdict_rules_json() + "</script>\n";
  }
  if (!links.quiz_url.empty()) {
    out += fmt::format(R"(<p class="related related-quiz"><a class="button" href="{}{}">{}</a></p>)", root,
                       escape(links.quiz_url), word("page.take_quiz", {{"quiz", links.quiz_title}}));
    out += "\n";
  }
  out += "</main>\n";
  if (!hides("toc")) table_of_contents(out, g, writer, site.ui.toc);
  out += "</div>\n";
  page_footer(out, root, site, diagrams, math);
  writer.finish();
  return page;
}

ItemsHtml render_items_html(const Guide& g, const ItemsContext& context) {
  ItemsHtml items;
  std::string scratch;
  PageWriter writer(g, scratch);
  writer.use_extensions(context.extensions, context.icons);
  if (context.links) writer.rewrite_links(context.links);
  writer.code_colors(context.code_colors);
  writer.items(items);
  writer.finish();
  // Each piece stands alone: no line break after its last tag.
  const auto trim = [](std::string& html) {
    while (!html.empty() && html.back() == '\n') html.pop_back();
  };
  for (ItemsHtml::Question& q : items.questions) {
    trim(q.title);
    trim(q.hint);
    trim(q.answer);
    std::ranges::for_each(q.choices, trim);
  }
  for (ItemsHtml::Quiz& item : items.quizzes) {
    std::ranges::for_each(item.options, trim);
    std::ranges::for_each(item.feedback, trim);
    trim(item.explanation);
  }
  for (std::size_t i = 0; i < g.quizzes.size(); ++i) {
    if (g.quizzes[i].kind != guide::QuizKind::fill) continue;
    std::vector<std::string>& parts = items.quizzes[i].question;
    const std::string html = std::move(parts[0]);
    parts.assign(1, std::string());
    std::size_t found = 0;
    split_at_blank_tokens(
        html, g.quizzes[i].blanks.size(), [&parts](std::string_view piece) { parts.back() += piece; },
        [&](std::size_t index) {
          // Out of order or missing (a blank in a dropped attribute): the tokens are only removed.
          if (index != found++) return;
          parts.emplace_back();
        });
    if (parts.size() != g.quizzes[i].blanks.size() + 1) {
      std::string joined;
      for (const std::string& piece : parts) joined += piece;
      parts.assign(1, std::move(joined));
    }
  }
  for (ItemsHtml::Quiz& item : items.quizzes) {
    if (!item.question.empty()) trim(item.question.back());
  }
  return items;
}

std::string render_guide_page(const Guide& g, const std::string& page_url, const SiteContext& site,
                              const PageLinks& links) {
  return render_guide_page_and_text(g, page_url, site, links).html;
}

namespace {

// A page of the served app: the site's header and navigation around `main`.
std::string app_page(const SiteContext& site, const std::string& title, const std::string& url, std::string_view main,
                     const std::string& root = {}) {
  std::string out;
  page_head(out, title, site, url, root);
  page_header(out, site, root, true);
  out += "<div class=\"layout\">\n";
  site_nav(out, site, root, url, {});
  out += main;
  out += "</div>\n";
  page_footer(out, root, site);
  return out;
}

}  // namespace

std::string render_not_found_page(const SiteContext& site) {
  // Served for a missing page at any depth: links start at the site's root,
  // the path of its published URL ("https://x.io/prep/" -> "/prep/").
  std::string root = "/";
  if (const std::size_t scheme = site.base_url.find("://"); scheme != std::string::npos) {
    const std::size_t path = site.base_url.find('/', scheme + 3);
    if (path != std::string::npos) root = site.base_url.substr(path);
    if (root.back() != '/') root += '/';
  }
  const std::string home = site.url_style == util::UrlStyle::directory ? escape(root) : escape(root) + "index.html";
  std::string text = word("page.not_found_text", {{"home", "{home}"}});
  replace_once(text, "{home}", "<a href=\"" + home + "\">" + word("page.go_home") + "</a>");
  return app_page(
      site, util::say("page.not_found"), "404.html",
      "<main id=\"content\" class=\"page\">\n<h1>" + word("page.not_found") + "</h1>\n<p>" + text + "</p>\n</main>\n",
      root);
}

std::string render_review_page(const SiteContext& site) {
  return app_page(site, util::say("page.review"), "review.html",
                  with_words(R"(<main id="content" class="page review" data-review>
<h1>{w:page.review}</h1>
<p class="review-counts" aria-live="polite">{w:review.loading}</p>
<article class="review-card" hidden aria-live="polite">
<p class="review-place"></p>
<h2 class="review-title"></h2>
<p class="review-hint"></p>
<button type="button" class="review-show">{w:answer.show} <kbd>space</kbd></button>
<div class="review-answer" hidden></div>
<div class="review-grades" role="group" aria-label="{w:grade.ask}" hidden>
<button type="button" data-rating="1" class="grade-again"><kbd>1</kbd> {w:grade.1} <span class="interval"></span></button>
<button type="button" data-rating="2" class="grade-hard"><kbd>2</kbd> {w:grade.2} <span class="interval"></span></button>
<button type="button" data-rating="3" class="grade-good"><kbd>3</kbd> {w:grade.3} <span class="interval"></span></button>
<button type="button" data-rating="4" class="grade-easy"><kbd>4</kbd> {w:grade.4} <span class="interval"></span></button>
</div>
</article>
<p class="review-empty" hidden></p>
<p class="review-footer"><span class="review-last" aria-live="polite"></span> <button type="button" class="review-undo" hidden>{w:review.undo} <kbd>u</kbd></button></p>
<noscript><p>{w:review.needs_js}</p></noscript>
</main>
)"));
}

std::string render_level_test_page(const SiteContext& site) {
  return app_page(site, util::say("page.level_test"), "level-test.html",
                  with_words(R"(<main id="content" class="page level-test" data-level-test>
<h1>{w:page.level_test}</h1>
<section class="level-intro">
<p>{w:level.about}</p>
<button type="button" class="level-start">{w:level.start}</button>
</section>
<article class="level-item" hidden aria-live="polite">
<p class="level-progress"></p>
<div class="level-body"></div>
<p class="level-feedback" role="status"></p>
<button type="button" class="level-next" hidden>{w:level.next} <kbd>Enter</kbd></button>
<button type="button" class="level-stop">{w:level.stop}</button>
</article>
<section class="level-result" hidden aria-live="polite"></section>
<noscript><p>{w:level.needs_js}</p></noscript>
</main>
)"));
}

std::string render_login_page(const SiteContext& site) {
  return app_page(site, util::say("account.log_in"), "login.html",
                  with_words(R"(<main id="content" class="page login" data-login>
<h1>{w:account.log_in}</h1>
<p>{w:login.about}</p>
<form class="login-form">
<label>{w:login.name} <input name="name" autocomplete="username" required maxlength="40" pattern="[A-Za-z0-9._\-]+"></label>
<label>{w:login.password} <input name="password" type="password" autocomplete="current-password" required minlength="8" maxlength="1024"></label>
<p><button type="submit" class="login-submit">{w:account.log_in}</button> <button type="button" class="login-signup">{w:login.sign_up}</button></p>
<p class="login-status" role="status" aria-live="polite"></p>
</form>
<noscript><p>{w:login.needs_js}</p></noscript>
</main>
)"));
}

std::string render_analytics_page(const SiteContext& site) {
  return app_page(site, util::say("account.analytics"), "analytics.html",
                  with_words(R"(<main id="content" class="page analytics" data-analytics>
<h1>{w:account.analytics}</h1>
<p>{w:analytics.about} <a class="button" href="/api/analytics.csv" download>{w:analytics.download}</a></p>
<h2 id="flagged">{w:analytics.flagged}</h2>
<ul class="analytics-flags"><li>{w:analytics.loading}</li></ul>
<h2 id="quiz-items">{w:analytics.quiz_items}</h2>
<div class="table-wrap"><table class="analytics-items"><thead><tr><th>{w:analytics.item}</th><th>{w:analytics.level}</th><th>{w:analytics.attempts}</th><th>{w:analytics.right}</th><th>{w:analytics.discrimination}</th><th>{w:analytics.picks}</th></tr></thead><tbody></tbody></table></div>
<h2 id="questions">{w:analytics.questions}</h2>
<div class="table-wrap"><table class="analytics-questions"><thead><tr><th>{w:analytics.question}</th><th>{w:analytics.level}</th><th>{w:analytics.reveals}</th><th>{w:analytics.knew_it}</th><th>{w:analytics.difficulty}</th></tr></thead><tbody></tbody></table></div>
<noscript><p>{w:analytics.needs_js}</p></noscript>
</main>
)"));
}

std::string render_home_page(std::span<const HomeEntry> entries, const Guide* intro, const SiteContext& site) {
  std::string out;
  const std::string root;
  const std::string title = site.site_name.empty() ? "prepdeck" : site.site_name;
  const Diagrams diagrams =
      intro != nullptr && draws_diagrams(intro->blocks, *intro) ? Diagrams::drawn : Diagrams::none;
  const std::string url = site.url_style == util::UrlStyle::directory ? "" : "index.html";
  const Math math = intro != nullptr && site.extensions.math && draws_math(*intro) ? Math::drawn : Math::none;
  page_head(out, title, site, url, root, diagrams, math);
  const bool nav = intro == nullptr || std::ranges::find(intro->hide, "navigation") == intro->hide.end();
  page_header(out, site, root, nav);
  out += "<div class=\"layout\">\n";
  if (nav) site_nav(out, site, root, url, {});
  out += "<main id=\"content\" class=\"page home\">\n";
  if (intro != nullptr) {
    if (after_title_heading(*intro) == 0) out += "<h1>" + escape(intro->title) + "</h1>\n";
    PageWriter writer(*intro, out);
    writer.use_extensions(site.extensions, site.icons);
    writer.use_permalink(site.permalink, site.permalink_title);
    writer.use_tags(site.tags, root);
    if (site.links != nullptr) writer.resolve_links(*site.links);
    writer.blocks(intro->blocks);
    writer.footnotes();
    writer.finish();
  } else {
    out += "<h1>" + escape(title) + "</h1>\n";
  }
  out += "<h2 id=\"guides\">" + word("page.guides") + "</h2>\n<ul class=\"guide-list\">\n";
  for (const HomeEntry& e : entries) {
    const Guide& g = *e.guide;
    const auto counts = level_counts(g);
    out +=
        fmt::format(R"(<li class="guide-card" data-guide="{}" data-questions="{}">)", escape(g.id), g.questions.size());
    out += fmt::format(R"(<a class="guide-title" href="{}">{}</a>)", escape(e.url), escape(g.title));
    out += fmt::format(R"(<p class="guide-counts">{})", util::counted(g.questions.size(), "question"));
    for (Level level : {Level::beginner, Level::intermediate, Level::advanced}) {
      const std::size_t n = counts[static_cast<std::size_t>(level)];
      if (n > 0)
        out += fmt::format(R"( <span class="badge badge-{}">{} {}</span>)", guide::to_string(level), n,
                           guide::display_name(level));
    }
    out += "</p>";
    if (!e.quiz_url.empty()) {
      out += fmt::format(R"(<a class="guide-quiz" href="{}">{}</a>)", escape(e.quiz_url),
                         word(e.self_check ? "page.self_check" : "page.quiz"));
    }
    out += R"(<div class="progress" hidden><div class="progress-bar"></div><span class="progress-text"></span></div>)";
    out += "</li>\n";
  }
  out += "</ul>\n</main>\n</div>\n";
  page_footer(out, root, site, diagrams, math);
  return out;
}

}  // namespace prepdeck::render
