<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa">
  <lexeme>
    <grapheme>Khitomer</grapheme>
    <phoneme>ˈkɪtǃoʊmɚ</phoneme>
  </lexeme>
  <lexeme>
    <phoneme>ˈkɪ</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Kang</grapheme>
    <phoneme alphabet="x-sampa">k{N</phoneme>
  </lexeme>
</lexicon>
