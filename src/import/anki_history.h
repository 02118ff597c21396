// An Anki deck's review log as prepdeck's review history: each imported
// question gets the answers its Anki card was given, replayed through
// prepdeck's FSRS scheduler, so `study` goes on where Anki left off.
//
// What counts, as Anki's own FSRS reads a card's log (rslib's
// reviews_for_fsrs): the answers graded Again, Hard, Good or Easy. Left out:
// manual entries (set due date, reschedule), filtered-deck reviews that did
// not reschedule (cramming), and everything up to the last time the card was
// reset to new ("Forget"): a card reset and not answered since has no history.
// A note with several cards (Basic and reversed) is one question here: its
// first card's answers are its history, its other cards' are counted and left
// out. Cloze and choice notes become quiz items, which have no schedule.
//
// Writing is idempotent: a question's answers at or before the last review
// the database already holds for it are skipped, so importing the same deck
// again adds nothing, and a newer export of the deck adds only the answers
// given since.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/fsrs.h"
#include "import/anki_deck.h"
#include "import/deck_guides.h"
#include "store/store.h"
#include "util/error.h"

namespace prepdeck::importer {

struct HistoryAnswer {
  store::Time at{};
  engine::Rating rating = engine::Rating::good;
  int duration_ms = 0;
};

struct QuestionHistory {
  std::string question;                // the question's id in the imported guides
  std::string guide;                   // its guide's path
  std::vector<HistoryAnswer> answers;  // oldest first
};

struct DeckHistory {
  std::vector<QuestionHistory> questions;  // those with answers, in the guides' order
  std::size_t answers = 0;                 // in all the questions
  std::size_t not_graded = 0;              // manual entries, cramming, answers before a reset
  std::size_t of_other_cards = 0;          // answers to a note's second and later cards
  std::size_t of_quiz_items = 0;           // answers to the cards of notes that became quiz items
  std::size_t of_lost_cards = 0;           // log rows of cards the deck no longer has (deleted in Anki)
};

// The history of the questions `guides` made of `deck`.
DeckHistory deck_history(const AnkiDeck& deck, const ImportedGuides& guides);

struct HistoryWritten {
  std::size_t answers = 0;    // written to the database
  std::size_t questions = 0;  // that got at least one
  std::size_t already = 0;    // skipped: at or before the question's last review there
};

// Replays each question's answers through `scheduler`, from the card state
// the database holds for the user (a new card when none), and writes each
// answer as a review with the states before and after it; the last answer
// sets the question's mark. One transaction: all of it or nothing.
util::Expected<HistoryWritten> write_history(store::Store& store, store::UserId user, const DeckHistory& history,
                                             const engine::Scheduler& scheduler);

}  // namespace prepdeck::importer
