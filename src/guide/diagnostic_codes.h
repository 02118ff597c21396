// Stable diagnostic codes reported by the dialect parser, and the catalog of
// every code prepdeck reports (source/ codes included). docs/diagnostics.md
// explains each; tests/spec has a case for each.
#pragma once

#include <array>
#include <string_view>

#include "source/source_codes.h"
#include "util/diagnostic.h"

namespace prepdeck::guide::codes {

inline constexpr std::string_view k_front_matter_invalid = "front-matter-invalid";
inline constexpr std::string_view k_unknown_level = "unknown-level";
inline constexpr std::string_view k_unterminated_title = "unterminated-title";
inline constexpr std::string_view k_title_trailing_emphasis = "title-trailing-emphasis";
inline constexpr std::string_view k_missing_title = "missing-title";
inline constexpr std::string_view k_numbering_gap = "numbering-gap";
inline constexpr std::string_view k_numbering_duplicate = "numbering-duplicate";
inline constexpr std::string_view k_duplicate_title = "duplicate-title";
inline constexpr std::string_view k_empty_answer = "empty-answer";
inline constexpr std::string_view k_level_conflict = "level-conflict";
inline constexpr std::string_view k_unterminated_details = "unterminated-details";
inline constexpr std::string_view k_unterminated_fence = "unterminated-fence";
inline constexpr std::string_view k_fence_options = "fence-options";
inline constexpr std::string_view k_unterminated_comment = "unterminated-comment";
inline constexpr std::string_view k_html_removed = "html-removed";
inline constexpr std::string_view k_unmatched_closing_tag = "unmatched-closing-tag";
inline constexpr std::string_view k_nesting_too_deep = "nesting-too-deep";
inline constexpr std::string_view k_quiz_without_question = "quiz-without-question";
inline constexpr std::string_view k_quiz_without_options = "quiz-without-options";
inline constexpr std::string_view k_quiz_without_correct = "quiz-without-correct";
inline constexpr std::string_view k_bad_checkbox_mark = "bad-checkbox-mark";
inline constexpr std::string_view k_unterminated_quiz = "unterminated-quiz";
inline constexpr std::string_view k_quiz_html_form = "quiz-html-form";
inline constexpr std::string_view k_heading_questions = "heading-questions";
inline constexpr std::string_view k_orphaned_feedback = "orphaned-feedback";
inline constexpr std::string_view k_link_missing = "link-missing";
inline constexpr std::string_view k_anchor_missing = "anchor-missing";
inline constexpr std::string_view k_link_outside = "link-outside";

struct CodeInfo {
  std::string_view code;
  util::Severity severity;
  std::string_view summary;
};

// Every code prepdeck reports, with its severity and a one-line summary.
inline constexpr std::array k_catalog = {
    CodeInfo{source::codes::k_unreadable_file, util::Severity::error, "a page or include cannot be read"},
    CodeInfo{source::codes::k_not_a_text_file, util::Severity::error, "a .md file holds binary data"},
    CodeInfo{source::codes::k_file_too_large, util::Severity::error, "a file is over --max-file-size"},
    CodeInfo{source::codes::k_decoded_as_windows_1252, util::Severity::warning, "not UTF-8; read as Windows-1252"},
    CodeInfo{source::codes::k_mojibake_repaired, util::Severity::warning, "UTF-8 once read as Windows-1252, restored"},
    CodeInfo{source::codes::k_include_missing, util::Severity::error, "an included file does not exist"},
    CodeInfo{source::codes::k_include_cycle, util::Severity::error, "a file includes itself"},
    CodeInfo{source::codes::k_include_too_deep, util::Severity::error, "includes nest too deep"},
    CodeInfo{source::codes::k_include_unsupported, util::Severity::warning, "a remote include is not fetched"},
    CodeInfo{source::codes::k_include_outside, util::Severity::error, "an include names a file outside the project"},
    CodeInfo{source::codes::k_include_budget, util::Severity::error, "includes would make a page too large"},
    CodeInfo{source::codes::k_control_character, util::Severity::warning, "a control character, replaced"},
    CodeInfo{source::codes::k_mkdocs_config_invalid, util::Severity::error, "mkdocs.yml cannot be read"},
    CodeInfo{source::codes::k_nav_missing_page, util::Severity::warning, "nav names a page that does not exist"},
    CodeInfo{source::codes::k_page_conflict, util::Severity::warning, "two pages would have the same URL"},
    CodeInfo{source::codes::k_extension_unsupported, util::Severity::warning,
             "mkdocs.yml enables Markdown extensions prepdeck does not support"},
    CodeInfo{source::codes::k_custom_dir_ignored, util::Severity::warning,
             "theme.custom_dir templates prepdeck cannot apply"},
    CodeInfo{k_front_matter_invalid, util::Severity::error, "front matter is not valid YAML"},
    CodeInfo{k_unknown_level, util::Severity::warning, "a level word prepdeck does not know"},
    CodeInfo{k_unterminated_title, util::Severity::warning, "a question title lacks its closing quote"},
    CodeInfo{k_title_trailing_emphasis, util::Severity::warning, "stray ** around a question title"},
    CodeInfo{k_missing_title, util::Severity::warning, "a question has no title"},
    CodeInfo{k_numbering_gap, util::Severity::warning, "question numbers skip or go backwards"},
    CodeInfo{k_numbering_duplicate, util::Severity::warning, "two questions share a number"},
    CodeInfo{k_duplicate_title, util::Severity::warning, "two questions share a title"},
    CodeInfo{k_empty_answer, util::Severity::error, "a question has no answer"},
    CodeInfo{k_level_conflict, util::Severity::warning, "a level marker's colour and word disagree"},
    CodeInfo{k_unterminated_details, util::Severity::error, "<details> without </details>"},
    CodeInfo{k_unterminated_fence, util::Severity::warning, "a code fence is never closed, so it is no fence"},
    CodeInfo{k_fence_options, util::Severity::warning, "an opening fence with options superfences refuses"},
    CodeInfo{k_unterminated_comment, util::Severity::warning, "<!-- without -->"},
    CodeInfo{k_html_removed, util::Severity::warning, "raw HTML the sanitizer shows as text or drops"},
    CodeInfo{k_unmatched_closing_tag, util::Severity::warning, "</quiz> or </details> with nothing open"},
    CodeInfo{k_nesting_too_deep, util::Severity::error, "blocks nest deeper than the limit"},
    CodeInfo{k_quiz_without_question, util::Severity::error, "a quiz has options but no question"},
    CodeInfo{k_quiz_without_options, util::Severity::error, "a quiz has neither options nor blanks"},
    CodeInfo{k_quiz_without_correct, util::Severity::error, "no option of a quiz is marked [x]"},
    CodeInfo{k_bad_checkbox_mark, util::Severity::error, "an option's box holds something other than x or space"},
    CodeInfo{k_unterminated_quiz, util::Severity::error, "<quiz> without </quiz>"},
    CodeInfo{k_quiz_html_form, util::Severity::warning, "<question>/<answer> HTML inside <quiz>, read as quiz items"},
    CodeInfo{k_heading_questions, util::Severity::warning,
             "a page with no questions whose headings read like questions"},
    CodeInfo{k_orphaned_feedback, util::Severity::warning, "a > feedback line that follows no option"},
    CodeInfo{k_link_missing, util::Severity::warning, "a link or image leads to no page or file of the site"},
    CodeInfo{k_anchor_missing, util::Severity::warning, "a link's #anchor is no id of its page"},
    CodeInfo{k_link_outside, util::Severity::warning, "a link or image climbs out of the site's folder"},
};

}  // namespace prepdeck::guide::codes
