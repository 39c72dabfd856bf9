#include "web_words.hpp"

#include <cstring>

#include "web_page.hpp"

namespace csim {
namespace web {
namespace {

const char* const kWords[] = {
    "lorem", "ipsum", "dolor", "sit", "amet,", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod",
    "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam,",
    "quis", "nostrud", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo", "duis", "aute", "irure",
    "in", "velit", "esse", "cillum", "fugiat", "nulla", "pariatur", "sint", "occaecat", "non", "proident,",
    "sunt", "culpa", "qui", "officia", "mollit", "anim", "id", "est", "laborum", "morbi", "tristique",
    "senectus", "netus", "malesuada", "fames", "turpis", "egestas", "pharetra", "viverra", "massa", "tortor,",
    "mauris", "nunc", "congue", "nisl", "vitae", "tellus", "rhoncus", "urna", "neque", "justo", "nec",
    "ultrices", "dui", "sapien", "eget", "mi", "proin", "libero", "faucibus", "purus", "gravida", "cursus",
    "feugiat", "pretium", "lectus", "fermentum", "placerat", "varius", "lacus", "quam", "odio", "risus,"};
constexpr uint32_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);

const char* const kNames[] = {
    "Ada", "Agnes", "Alba", "Alice", "Amara", "Anita", "Ann-Marie", "April", "Ardis", "Astrid", "Aurora",
    "Beatrix", "Bella", "Bernice", "Bettina", "Blair", "Brenda", "Brigid", "Calla", "Camille", "Carmen",
    "Celeste", "Clara", "Colette", "Cora", "Dalia", "Daphne", "Delia", "Doris", "Edith", "Elda", "Elsa",
    "Emmy", "Esther", "Fanny", "Flora", "Freda", "Gemma", "Greta", "Gwen", "Hattie", "Hazel", "Hedda",
    "Helga", "Ida", "Ilse", "Imogen", "Irma", "Isla", "Jana", "Joan", "Judith", "June", "Karin", "Kitty",
    "Lena", "Leona", "Lilia", "Livia", "Lotte", "Lucia", "Mabel", "Magda", "Marta", "Maud", "Mina", "Mirela",
    "Nadia", "Nell", "Nina", "Nora", "Odile", "Olga", "Opal", "Paula", "Petra", "Pia", "Priya", "Rhea",
    "Rita", "Rosa", "Ruth", "Sabine", "Selma", "Sigrid", "Sonja", "Stella", "Tamsin", "Tess", "Thea",
    "Ulla", "Una", "Vera", "Viola", "Wanda", "Willa", "Xenia", "Yara", "Yvette", "Zelda", "Zora"};
constexpr uint32_t kNameCount = sizeof(kNames) / sizeof(kNames[0]);

}  // namespace

const char* random_person_name(Rng& rng) { return kNames[rng.below(kNameCount)]; }

void random_sentence(Rng& rng, int32_t min_words, int32_t max_words, char* out, size_t capacity) {
  out[0] = '\0';
  const int32_t n = max_words > min_words ? rng.range(min_words, max_words) : min_words;
  bool capital = true;
  for (int32_t i = 0; i < n; ++i) {
    char word[24];
    std::strcpy(word, kWords[rng.below(kWordCount)]);
    if (capital && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 'a' + 'A');
    capital = false;
    const bool last = i + 1 == n;
    if (!last && rng.uniform() < 0.2f) {
      append(out, capacity, word);
      append(out, capacity, ". ");
      capital = true;
    } else if (last) {
      char* comma = std::strchr(word, ',');
      if (comma != nullptr) std::memmove(comma, comma + 1, std::strlen(comma));
      append(out, capacity, word);
    } else {
      append(out, capacity, word);
      append(out, capacity, " ");
    }
  }
  append(out, capacity, ".");
}

}  // namespace web
}  // namespace csim
