// IMS QTI packages: a ZIP with `imsmanifest.xml`, one assessment per guide,
// and the images its items show under `media/`.
//   qti12 (QTI 1.2: Canvas Classic Quizzes, Blackboard): one <questestinterop>
//     file per assessment; items typed as Canvas reads them
//     (multiple_choice_question, multiple_answers_question,
//     short_answer_question, fill_in_multiple_blanks_question,
//     essay_question), texts as HTML in <mattext texttype="text/html">,
//     scoring in <resprocessing>, per-option and general feedback.
//   qti21 (QTI 2.1: Canvas New Quizzes, Moodle 4+ through its QTI plugins):
//     one assessmentItem file per item and one assessmentTest per guide;
//     choiceInteraction (single, multiple) with its correct response,
//     textEntryInteraction where each blank stands (every alternative mapped
//     right, case-insensitive), extendedTextInteraction for study questions
//     (the answer in a rubricBlock for the scorer); modalFeedback per option;
//     the HTML written as the XHTML QTI allows.
// A guide's assessment holds its quiz items; a guide without any holds its
// study questions instead (as the site's self-check does): essays, or choice
// items for questions with choices. Identifiers come from the item ids
// (a readable part, then a hash: stable across exports, unique).
#pragma once

#include <string>
#include <string_view>

#include "export/exporter.h"

namespace prepdeck::exporter {

util::Expected<Exported> write_qti12(const ExportInput& input);
util::Expected<Exported> write_qti21(const ExportInput& input);

// "I_" + the id's letters, digits, '.', '-', '_' (others '_'), then 8 hex digits of its hash:
// an XML name, and a QTI identifier.
std::string qti_identifier(std::string_view prefix, std::string_view id);

}  // namespace prepdeck::exporter
