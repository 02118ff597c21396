// Moodle XML (Question bank > Import > Moodle XML format): a category
// question before each guide's and section's questions, then
//   - single and multiple choice items as `multichoice` (single true/false;
//     right answers share 100, wrong ones are 0 for a single choice and -100
//     for multiple answers), each answer with its feedback;
//   - a fill-in item with one blank as `shortanswer` (each alternative a
//     right answer, case-insensitive); with several blanks as `multianswer`
//     (Cloze: {1:SHORTANSWER:=one~=other} where each blank stands);
//   - study questions as `essay`, the answer as the grader's information and
//     the general feedback; a question with choices as `multichoice`.
// Texts are the site's HTML in CDATA; names and idnumbers are the item ids.
#pragma once

#include "export/exporter.h"

namespace prepdeck::exporter {

util::Expected<Exported> write_moodle_xml(const ExportInput& input);

}  // namespace prepdeck::exporter
