<?xml version="1.0"?>
<lexicon alphabet="ipa">
  <lexeme><grapheme>Kor</grapheme>
</lexicon>
