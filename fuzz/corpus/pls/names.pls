<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-GB">
  <lexeme>
    <grapheme>Khitomer</grapheme>
    <phoneme>ˈkɪtoʊmɚ</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Gorkon</grapheme>
    <grapheme>Gorkhon</grapheme>
    <phoneme alphabet="x-espeak">g'o@k0n</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>W3C</grapheme>
    <alias>World Wide Web Consortium</alias>
  </lexeme>
  <lexeme>
    <grapheme>Sarek</grapheme>
    <phoneme>ˈsɛrɛk</phoneme>
    <phoneme prefer="true">ˈsærɛk</phoneme>
  </lexeme>
</lexicon>
