#include "render/inline_extensions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "render/markdown_html.h"

namespace prepdeck::render {
namespace {

InlineOptions all_on() {
  InlineOptions options;
  options.keys = options.mark = options.caret = options.tilde = options.emoji = true;
  return options;
}

// Markdown rendered as a site with every extension renders it.
std::string render(std::string_view markdown, InlineOptions options = all_on()) {
  InlineExtensions inlines(std::move(options));
  MarkdownBatch batch;
  batch.set_extensions(source::MarkdownExtensions{}, &inlines);
  const std::size_t at = batch.add(markdown);
  batch.render();
  std::string html = batch.html(at);
  while (!html.empty() && html.back() == '\n') html.pop_back();
  return html;
}

TEST(InlineExtensions, KeysAsPymdownxWritesThem) {
  // Expected HTML is what pymdownx.keys 9.5 writes for the same text.
  EXPECT_EQ(render("Press ++ctrl+alt+del++ now."),
            "<p>Press <span class=\"keys\"><kbd class=\"key-control\">Ctrl</kbd><span>+</span>"
            "<kbd class=\"key-alt\">Alt</kbd><span>+</span><kbd class=\"key-delete\">Del</kbd></span> now.</p>");
  EXPECT_EQ(render("++cmd+\"My Key\"++"),
            "<p><span class=\"keys\"><kbd class=\"key-command\">Cmd</kbd><span>+</span><kbd>My Key</kbd></span></p>");
  // Names the keymap lacks (or capitalised ones) leave the text as it is.
  EXPECT_EQ(render("++foo+bar++ and ++Ctrl+Alt++"), "<p>++foo+bar++ and ++Ctrl+Alt++</p>");
  EXPECT_EQ(render("C++ and C++ again"), "<p>C++ and C++ again</p>");
  EXPECT_EQ(render("`++ctrl+c++`"), "<p><code>++ctrl+c++</code></p>");
}

TEST(InlineExtensions, MarkInsertDeleteAcrossEmphasis) {
  EXPECT_EQ(render("==a **b** c== and ^^under^^ and ~~gone~~"),
            "<p><mark>a <strong>b</strong> c</mark> and <ins>under</ins> and <del>gone</del></p>");
  // The "smart" rule: inside a word, or before white space, it is text.
  EXPECT_EQ(render("a==b==c and == spaced =="), "<p>a==b==c and == spaced ==</p>");
  EXPECT_EQ(render("x ==a==b== y"), "<p>x <mark>a==b</mark> y</p>");
  // Not across paragraphs, not out of the emphasis it starts in.
  EXPECT_EQ(render("==open\n\nclose=="), "<p>==open</p>\n<p>close==</p>");
  EXPECT_EQ(render("*==a* b=="), "<p><em>==a</em> b==</p>");
  // Crossing spans: the inner one that closes first wins, the other stays text.
  EXPECT_EQ(render("==a ^^b== c^^"), "<p><mark>a ^^b</mark> c^^</p>");
}

TEST(InlineExtensions, SuperscriptAndSubscript) {
  EXPECT_EQ(render("H~2~O and E=mc^2^, x^2 y^2^"), "<p>H<sub>2</sub>O and E=mc<sup>2</sup>, x^2 y<sup>2</sup></p>");
  EXPECT_EQ(render("~/path/~ here"), "<p><sub>/path/</sub> here</p>");
  EXPECT_EQ(render("no ^sup with spaces^"), "<p>no ^sup with spaces^</p>");
}

TEST(InlineExtensions, WithTildeOffMd4cKeepsItsStrikethrough) {
  InlineOptions options = all_on();
  options.tilde = false;
  InlineExtensions inlines(options);
  source::MarkdownExtensions extensions;
  extensions.tilde = false;
  MarkdownBatch batch;
  batch.set_extensions(extensions, &inlines);
  const std::size_t at = batch.add("~~gone~~");
  batch.render();
  EXPECT_EQ(batch.html(at), "<p><del>gone</del></p>\n");
}

TEST(InlineExtensions, EmojiShortcodes) {
  // In the <span class="twemoji"> Material writes an emoji in.
  EXPECT_EQ(render(":smile: :+1: :thumbsup:x"),
            "<p><span class=\"twemoji\">\xf0\x9f\x98\x84</span> <span class=\"twemoji\">\xf0\x9f\x91\x8d</span> "
            "<span class=\"twemoji\">\xf0\x9f\x91\x8d</span>x</p>");
  EXPECT_EQ(render("12:30:45 :not_an_emoji: `:smile:`"), "<p>12:30:45 :not_an_emoji: <code>:smile:</code></p>");
  EXPECT_EQ(render("time::smile:"), "<p>time:<span class=\"twemoji\">\xf0\x9f\x98\x84</span></p>");
}

TEST(InlineExtensions, IconsComeFromTheIconSet) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "icons";
  std::filesystem::create_directories(dir / "material");
  std::filesystem::create_directories(dir / "fontawesome" / "brands");
  std::ofstream(dir / "material" / "check.svg") << "<svg viewBox=\"0 0 24 24\"><path d=\"M1 1\"/></svg>\n";
  std::ofstream(dir / "fontawesome" / "brands" / "github.svg") << "<svg><path d=\"M2 2\"/></svg>";
  std::ofstream(dir / "secret.svg") << "<svg>secret</svg>";
  const IconSet icons(dir.string());
  InlineOptions options = all_on();
  options.icons = &icons;
  EXPECT_EQ(render(":material-check: :fontawesome-brands-github:", options),
            "<p><span class=\"twemoji\"><svg viewBox=\"0 0 24 24\"><path d=\"M1 1\"/></svg></span> "
            "<span class=\"twemoji\"><svg><path d=\"M2 2\"/></svg></span></p>");
  // A name leads nowhere outside the set, and a missing icon stays text.
  EXPECT_FALSE(icons.svg("material-..-secret").has_value());
  EXPECT_FALSE(icons.svg("../secret").has_value());
  EXPECT_EQ(render(":material-nope:", options), "<p>:material-nope:</p>");
}

TEST(InlineExtensions, AbbreviationsWholeWordsOutsideCode) {
  InlineOptions options;
  options.abbreviations = {{"HTML", "Hyper Text Markup Language"}, {"R&D", "Research & development"}};
  EXPECT_EQ(render("HTML, XHTML and `HTML` and R&D.", options),
            "<p><abbr title=\"Hyper Text Markup Language\">HTML</abbr>, XHTML and <code>HTML</code> and "
            "<abbr title=\"Research &amp; development\">R&amp;D</abbr>.</p>");
  // Never inside an attribute or an entity.
  options.abbreviations = {{"amp", "ampersand"}, {"example", "an example"}};
  EXPECT_EQ(render("[x](https://example.com) & amp", options),
            "<p><a href=\"https://example.com\">x</a> &amp; <abbr title=\"ampersand\">amp</abbr></p>");
}

TEST(InlineExtensions, FootnoteReferencesNumberedAndCounted) {
  InlineOptions options;
  options.footnotes = {"b", "a"};
  InlineExtensions inlines(options);
  MarkdownBatch batch;
  batch.set_extensions(source::MarkdownExtensions{}, &inlines);
  const std::size_t first = batch.add("One[^a] two[^b] and `[^a]` and [^missing].");
  const std::size_t second = batch.add("Again[^a].");
  batch.render();
  EXPECT_EQ(batch.html(first),
            "<p>One<sup id=\"fnref:a\"><a class=\"footnote-ref\" href=\"#fn:a\">2</a></sup> two"
            "<sup id=\"fnref:b\"><a class=\"footnote-ref\" href=\"#fn:b\">1</a></sup> and <code>[^a]</code> and "
            "[^missing].</p>\n");
  EXPECT_EQ(batch.html(second),
            "<p>Again<sup id=\"fnref2:a\"><a class=\"footnote-ref\" href=\"#fn:a\">2</a></sup>.</p>\n");
}

TEST(InlineExtensions, SmartSymbolsAsPymdownxWritesThem) {
  // Expected HTML is what pymdownx.smartsymbols 9.5 writes for the same text.
  InlineOptions options;
  options.smart_symbols = source::k_all_smart_symbols;
  EXPECT_EQ(render("Copyright (c) 2024 (tm) (r) and (C) stays", options),
            "<p>Copyright &copy; 2024 &trade; &reg; and (C) stays</p>");
  EXPECT_EQ(render("a --> b <-- c <--> d ---> e <--- f", options),
            "<p>a &rarr; b &larr; c &harr; d ---&gt; e &lt;--- f</p>");
  EXPECT_EQ(render("1/2 and 3/4 and 11/2 and 1/23 and 2/7", options),
            "<p>&frac12; and &frac34; and 11/2 and 1/23 and 2/7</p>");
  EXPECT_EQ(render("1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 101st 111th 0th 00th 21th 11st a1st 1stly", options),
            "<p>1<sup>st</sup> 2<sup>nd</sup> 3<sup>rd</sup> 4<sup>th</sup> 11<sup>th</sup> 12<sup>th</sup> "
            "13<sup>th</sup> 21<sup>st</sup> 22<sup>nd</sup> 23<sup>rd</sup> 101<sup>st</sup> 111<sup>th</sup> "
            "0<sup>th</sup> 00th 21th 11<sup>st</sup> a1st 1stly</p>");
  EXPECT_EQ(render("x +/- y =/= z c/o me and abc/o and c/od", options),
            "<p>x &plusmn; y &ne; z &#8453; me and abc/o and c/od</p>");
  EXPECT_EQ(render("`--> (c) 1st` code", options), "<p><code>--&gt; (c) 1st</code> code</p>");
  EXPECT_EQ(render("**1st** place --> *(c)*", options),
            "<p><strong>1<sup>st</sup></strong> place &rarr; <em>&copy;</em></p>");
  // Each replacement is an option of the extension.
  options.smart_symbols = source::k_all_smart_symbols & ~(source::k_smart_arrows | source::k_smart_fractions);
  EXPECT_EQ(render("a --> 1/2 (c)", options), "<p>a --&gt; 1/2 &copy;</p>");
  // Off, nothing changes; so for the other extensions' text.
  EXPECT_EQ(render("a --> 1/2 (c) 1st"), "<p>a --&gt; 1/2 (c) 1st</p>");
}

TEST(InlineExtensions, MathIsTexNotMarkdown) {
  EXPECT_EQ(render("Inline $x_1 + y^2^$ and ==$a==b$== costs $5 and $6."),
            "<p>Inline <span class=\"arithmatex\">\\(x_1 + y^2^\\)</span> and "
            "<mark><span class=\"arithmatex\">\\(a==b\\)</span></mark> costs $5 and $6.</p>");
  // md4c reads a line break in math as a space, as TeX does.
  EXPECT_EQ(render("$$\nE = mc^2\n$$"), "<div class=\"arithmatex\" tabindex=\"0\">\\[E = mc^2 \\]</div>");
}

TEST(InlineExtensions, HostileTextStaysLinear) {
  // Unmatched openers by the thousand, long runs and deep nesting: one pass.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "==a ^^b ~~c ^d ~e :f ++g+ [^h 1/ 12 &lt;- -- (t c/ ";
  InlineOptions every = all_on();
  every.smart_symbols = source::k_all_smart_symbols;
  const std::string html = render(text, every);
  EXPECT_NE(html.find("==a"), std::string::npos);
  // Footnote references never found: each looks only a label's length ahead.
  InlineOptions notes;
  notes.footnotes = {"a"};
  const std::string refs(400000, '[');
  std::string unclosed;
  for (int i = 0; i < 100000; ++i) unclosed += "[^x";
  EXPECT_FALSE(render(unclosed, notes).empty());
  EXPECT_FALSE(render(refs, notes).empty());
  std::string nested;
  for (int i = 0; i < 2000; ++i) nested += "*==";
  EXPECT_FALSE(render(nested).empty());
}

}  // namespace
}  // namespace prepdeck::render
