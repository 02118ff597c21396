#include "source/mojibake.h"

#include <array>
#include <cstring>

#include "source/encoding.h"
#include "util/text.h"

namespace prepdeck::source {

namespace {

constexpr int k_max_passes = 3;  // handles text that was mis-decoded twice
constexpr std::array<unsigned char, 5> k_undefined_bytes = {0x81, 0x8D, 0x8F, 0x90, 0x9D};

struct Candidate {
  char32_t cp;
  unsigned char byte;
};

std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Decodes bytes[0..len) as one UTF-8 character, or returns 0 when malformed.
char32_t decode_sequence(const unsigned char* bytes, std::size_t len) {
  std::string_view view(reinterpret_cast<const char*>(bytes), len);
  std::size_t pos = 0;
  const char32_t cp = util::decode_utf8(view, pos);
  if (pos != len || cp == 0xFFFD) return 0;
  return cp;
}

// How likely `cp` is as the character a lost byte belonged to: emoji and the
// symbol blocks guides use (✔ ❌ ⚠ ★ ➜) first, other symbols next, text never.
int plausibility(char32_t cp) {
  if ((cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
      cp == 0xFE0F)
    return 2;
  if ((cp >= 0x2190 && cp <= 0x25FF) || (cp >= 0x1F000 && cp <= 0x1F2FF)) return 1;
  return 0;
}

// One pass over a run of candidate characters; appends the result to `out`.
// Returns true when something was repaired. When the run is followed by a
// space, a sequence cut short at the run's end may have lost an NBSP (0xA0)
// that an editor turned into that space ("ðŸ§" + " " was 🧠); `consumed_space`
// tells the caller the space was used.
bool repair_run(const std::vector<Candidate>& run, bool followed_by_space, std::u32string& out, bool& consumed_space) {
  bool changed = false;
  std::size_t i = 0;
  while (i < run.size()) {
    const std::size_t len = sequence_length(run[i].byte);
    if (len != 0) {
      std::array<unsigned char, 4> bytes{};
      std::size_t have = 0;
      while (have < len && i + have < run.size()) {
        bytes[have] = run[i + have].byte;
        ++have;
      }
      if (have == len) {
        const char32_t cp = decode_sequence(bytes.data(), len);
        // C0/C1 controls are never what an author meant.
        if (cp >= 0xA0) {
          out.push_back(cp);
          i += len;
          changed = true;
          continue;
        }
      }
      // One undefined byte lost in decoding: try putting it back at each position,
      // and keep the most plausible character.
      char32_t best = 0;
      int best_score = 0;
      std::size_t best_taken = 0;
      for (std::size_t gap = 1; gap < len; ++gap) {
        std::array<unsigned char, 4> trial{};
        trial[0] = run[i].byte;
        std::size_t taken = 1;
        bool complete = true;
        for (std::size_t k = 1; k < len; ++k) {
          if (k == gap) continue;
          if (i + taken >= run.size()) {
            complete = false;
            break;
          }
          trial[k] = run[i + taken].byte;
          ++taken;
        }
        if (!complete) continue;
        for (unsigned char missing : k_undefined_bytes) {
          trial[gap] = missing;
          const char32_t cp = decode_sequence(trial.data(), len);
          const int score = cp == 0 ? 0 : plausibility(cp);
          if (score > best_score) {
            best = cp;
            best_score = score;
            best_taken = taken;
          }
        }
      }
      // The space after the run is direct evidence, so a lost NBSP wins when it makes an emoji.
      if (followed_by_space && i + len - 1 == run.size()) {
        std::array<unsigned char, 4> trial{};
        for (std::size_t k = 0; k + 1 < len; ++k) trial[k] = run[i + k].byte;
        trial[len - 1] = 0xA0;
        const char32_t cp = decode_sequence(trial.data(), len);
        if (cp != 0 && plausibility(cp) == 2) {
          best = cp;
          best_score = 2;
          best_taken = len - 1;
          consumed_space = true;
        }
      }
      const bool restored = best_score > 0;
      if (restored) {
        out.push_back(best);
        i += best_taken;
        changed = true;
      }
      if (restored) continue;
    }
    out.push_back(run[i].cp);
    ++i;
  }
  return changed;
}

void append_u32(std::string& out, const std::u32string& text) {
  for (char32_t cp : text) util::append_utf8(out, cp);
}

}  // namespace

MojibakeResult repair_mojibake(std::string_view text) {
  MojibakeResult result;
  const std::size_t n = text.size();
  std::size_t pos = 0;
  std::size_t copied = 0;  // bytes of `text` already copied to result.text
  std::uint32_t line = 1;
  std::size_t counted = 0;  // bytes scanned for newlines so far
  // The column of `counted` on its line, in code points (1-based), so that a
  // line with thousands of repairs is not counted from its start each time.
  std::uint32_t column = 1;

  std::vector<Candidate> run;
  std::u32string pass_out;
  std::u32string current;
  while (pos < n) {
    pos = util::skip_ascii(text, pos);
    if (pos >= n) break;
    const std::size_t run_start = pos;
    run.clear();
    std::size_t run_end = pos;
    std::size_t after_first = pos;  // where the first character of the run ends
    while (pos < n) {
      std::size_t next = pos;
      const char32_t cp = util::decode_utf8(text, next);
      if (pos == run_start) after_first = next;
      const int byte = cp == 0xFFFD ? -1 : unicode_to_windows1252(cp);
      if (byte < 0x80) break;
      run.push_back(Candidate{cp, static_cast<unsigned char>(byte)});
      pos = next;
      run_end = pos;
    }
    if (run.empty()) {
      // A non-candidate character (CJK, correct emoji, U+FFFD): step over it.
      pos = after_first;
      continue;
    }
    if (run.size() < 2) continue;

    current.clear();
    bool any = false;
    bool consumed_space = false;
    const bool followed_by_space = pos < n && text[pos] == ' ';
    std::vector<Candidate> pass_in = run;
    for (int pass = 0; pass < k_max_passes; ++pass) {
      pass_out.clear();
      if (!repair_run(pass_in, pass == 0 && followed_by_space, pass_out, consumed_space)) break;
      any = true;
      current = pass_out;
      // Feed the result back in only while it is still all candidates (double encoding).
      pass_in.clear();
      bool all_candidates = true;
      for (char32_t cp : current) {
        const int byte = unicode_to_windows1252(cp);
        if (byte < 0x80) {
          all_candidates = false;
          break;
        }
        pass_in.push_back(Candidate{cp, static_cast<unsigned char>(byte)});
      }
      if (!all_candidates) break;
    }
    if (!any) continue;
    if (consumed_space) {
      ++pos;
      run_end = pos;
    }

    // Advance the line and column counters to run_start.
    for (std::size_t k = counted; k < run_start; ++k) {
      if (text[k] == '\n' || (text[k] == '\r' && (k + 1 >= n || text[k + 1] != '\n'))) {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
        ++column;  // a code point starts here (continuation bytes do not count)
      }
    }
    counted = run_start;

    MojibakeRepair repair;
    repair.line = line;
    repair.column = column;
    repair.original = std::string(text.substr(run_start, run_end - run_start));
    append_u32(repair.repaired, current);

    if (result.repairs.empty()) result.text.reserve(n);
    result.text.append(text.substr(copied, run_start - copied));
    result.text.append(repair.repaired);
    copied = run_end;
    result.repairs.push_back(std::move(repair));
  }
  if (!result.repairs.empty()) result.text.append(text.substr(copied));
  return result;
}

}  // namespace prepdeck::source
