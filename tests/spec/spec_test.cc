// Runs the literate spec files in tests/spec/*.md. Each example is Markdown
// input, a line holding only ".", then the expected result as JSON:
//   "diagnostics": every diagnostic, exactly, as "file:line:col: severity [code]";
//   "stats": a subset of the stats JSON;
//   any other key: a subset of the export JSON of the first guide (objects must
//   contain the expected keys; arrays must have the same length).
// Input directives: "%% file: PATH [binary|unreadable]" starts another file (the
// first file is guide.md unless named; "windows-1252" stores the text in that encoding); "%% input: PATH" parses PATH
// instead of the first file; "%% max-file-size: N". "→" stands for a tab, "␍" for a CR, "␛" for an ESC.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "render/html_check.h"

#include "cli/json_output.h"
#include "export/json_export.h"
#include "guide/diagnostic_codes.h"
#include "guide/guide_set.h"
#include "guide/stats.h"
#include "source/encoding.h"
#include "util/text.h"

namespace prepdeck {
namespace {

namespace fs = std::filesystem;

const std::string k_fence = std::string(32, '`');

struct Example {
  std::string file;
  std::uint32_t line = 0;
  std::string input;
  std::string expected;
  std::string name() const { return fmt::format("{}:{}", file, line); }
};

// How GoogleTest names an example in its output ("structure.md:48", not its bytes).
void PrintTo(const Example& example, std::ostream* out) { *out << example.name(); }

std::vector<Example> load_examples() {
  std::vector<Example> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(PREPDECK_SOURCE_DIR) / "tests/spec")) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    std::uint32_t number = 0;
    int state = 0;  // 0 prose, 1 input, 2 expected
    Example current;
    while (std::getline(in, line)) {
      ++number;
      if (state == 0 && line == k_fence + " example") {
        current = Example{path.filename().string(), number, {}, {}};
        state = 1;
      } else if (state == 1 && line == ".") {
        state = 2;
      } else if (state == 2 && line == k_fence) {
        out.push_back(current);
        state = 0;
      } else if (state == 1) {
        current.input += line + "\n";
      } else if (state == 2) {
        current.expected += line + "\n";
      }
    }
  }
  return out;
}

std::string unescape(std::string text) {
  text = util::replace_all(text, "→", "\t");
  text = util::replace_all(text, "␛", "\x1b");
  text = util::replace_all(text, "␀", std::string(1, '\0'));
  text = util::replace_all(text, "␍\n", "\r\n");
  return text;
}

struct Outcome {
  exporter::Json guides;
  exporter::Json stats;
  std::vector<std::string> diagnostics;
  std::set<std::string> codes;
};

Outcome run_example(const Example& example) {
  source::MemoryFileSystem fs;
  source::LoadOptions options;
  std::string input;
  std::string current = "guide.md";
  std::string content;
  std::string mode;
  auto commit = [&] {
    if (mode == "unreadable") {
      fs.add_unreadable(current);
    } else if (mode == "binary") {
      fs.add_file(current, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + content);
    } else if (mode == "windows-1252") {
      std::string bytes;
      const std::string text = unescape(content);
      std::size_t pos = 0;
      while (pos < text.size())
        bytes.push_back(static_cast<char>(source::unicode_to_windows1252(util::decode_utf8(text, pos))));
      fs.add_file(current, bytes);
    } else {
      fs.add_file(current, unescape(content));
    }
    if (input.empty()) input = current;
  };
  for (const auto& line : util::split_lines(example.input)) {
    if (line.rfind("%% file: ", 0) == 0) {
      if (!content.empty() || current != "guide.md") commit();
      std::string spec(line.substr(9));
      const auto space = spec.find(' ');
      current = spec.substr(0, space);
      mode = space == std::string::npos ? "" : spec.substr(space + 1);
      content.clear();
    } else if (line.rfind("%% input: ", 0) == 0) {
      input = std::string(line.substr(10));
    } else if (line.rfind("%% max-file-size: ", 0) == 0) {
      options.max_file_bytes = std::stoull(std::string(line.substr(18)));
    } else {
      content.append(line);
      content.push_back('\n');
    }
  }
  commit();
  const auto set = guide::load_guides(fs, {input}, options, 1);
  Outcome outcome;
  outcome.guides = exporter::guides_to_json(set.guides)["guides"];
  outcome.stats = cli::stats_to_json(guide::compute_stats(set.guides, set.diagnostics));
  std::vector<util::Diagnostic> all = set.diagnostics;
  for (const auto& g : set.guides) {
    all.insert(all.end(), g.diagnostics.begin(), g.diagnostics.end());
    const auto html = render::raw_html_diagnostics(g);  // as check and build add them
    all.insert(all.end(), html.begin(), html.end());
  }
  for (const auto& d : all) {
    outcome.diagnostics.push_back(
        fmt::format("{}:{}:{}: {} [{}]", d.file, d.line, d.column, util::to_string(d.severity), d.code));
    outcome.codes.insert(std::string(d.code));
  }
  return outcome;
}

// True when `actual` contains everything `expected` says; `where` names the first mismatch.
bool matches(const exporter::Json& expected, const exporter::Json& actual, std::string& where) {
  if (expected.is_object()) {
    if (!actual.is_object()) return false;
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        where += "." + key + " (missing)";
        return false;
      }
      std::string inner = where + "." + key;
      if (!matches(value, actual[key], inner)) {
        where = inner;
        return false;
      }
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      where += fmt::format(" (array of {}, expected {})", actual.is_array() ? actual.size() : 0, expected.size());
      return false;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string inner = where + fmt::format("[{}]", i);
      if (!matches(expected[i], actual[i], inner)) {
        where = inner;
        return false;
      }
    }
    return true;
  }
  return expected == actual;
}

class Spec : public ::testing::TestWithParam<Example> {};

TEST_P(Spec, Example) {
  const Example& example = GetParam();
  exporter::Json expected;
  try {
    expected = exporter::Json::parse(example.expected);
  } catch (const std::exception& e) {
    FAIL() << example.name() << ": expected JSON does not parse: " << e.what();
  }
  const Outcome outcome = run_example(example);
  std::vector<std::string> expected_diagnostics;
  if (expected.contains("diagnostics")) {
    for (const auto& d : expected["diagnostics"]) expected_diagnostics.push_back(d.get<std::string>());
  }
  EXPECT_EQ(outcome.diagnostics, expected_diagnostics) << example.name();
  for (const auto& [key, value] : expected.items()) {
    if (key == "diagnostics") continue;
    std::string where = key;
    if (key == "stats") {
      EXPECT_TRUE(matches(value, outcome.stats, where))
          << example.name() << ": " << where << "\nactual: " << outcome.stats.dump(2);
    } else if (key == "guides") {
      EXPECT_TRUE(matches(value, outcome.guides, where))
          << example.name() << ": " << where << "\nactual: " << outcome.guides.dump(2);
    } else {
      ASSERT_FALSE(outcome.guides.empty()) << example.name() << ": no guide";
      EXPECT_TRUE(matches(value, outcome.guides[0][key], where))
          << example.name() << ": " << where << "\nactual: " << outcome.guides[0][key].dump(2);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Dialect, Spec, ::testing::ValuesIn(load_examples()),
                         [](const ::testing::TestParamInfo<Example>& param_info) {
                           std::string name = param_info.param.file.substr(0, param_info.param.file.size() - 3) +
                                              "_line" + std::to_string(param_info.param.line);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(SpecCoverage, EveryDiagnosticCodeHasAnExample) {
  std::set<std::string> seen;
  for (const auto& example : load_examples()) {
    const auto outcome = run_example(example);
    seen.insert(outcome.codes.begin(), outcome.codes.end());
  }
  for (const auto& info : guide::codes::k_catalog) {
    EXPECT_TRUE(seen.count(std::string(info.code))) << "no spec example reports " << info.code;
  }
  EXPECT_GT(load_examples().size(), 30u);
}

}  // namespace
}  // namespace prepdeck
