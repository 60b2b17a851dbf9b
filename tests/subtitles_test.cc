// Byte-exact tests of the read-along writers in output/package/subtitles.h.
#include <gtest/gtest.h>

#include "output/package/subtitles.h"

namespace narrate::package {
namespace {

constexpr int kRate = 22050;

TEST(Timestamp, RoundsSamplesToTheNearestMillisecond) {
  EXPECT_EQ(Timestamp(0, kRate, '.'), "00:00:00.000");
  EXPECT_EQ(Timestamp(11025, kRate, '.'), "00:00:00.500");
  EXPECT_EQ(Timestamp(11, kRate, ','), "00:00:00,000");   // 0.499 ms
  EXPECT_EQ(Timestamp(12, kRate, ','), "00:00:00,001");   // 0.544 ms
  EXPECT_EQ(Timestamp(22050LL * 3723 + 22028, kRate, '.'), "01:02:03.999");
  EXPECT_EQ(Timestamp(22050LL * 3723 + 22049, kRate, '.'), "01:02:04.000");
  // Twenty hours stays exact in samples.
  EXPECT_EQ(Timestamp(22050LL * 72000 + 2205, kRate, ','), "20:00:00,100");
  EXPECT_EQ(Timestamp(22050LL * 360000, kRate, '.'), "100:00:00.000");
}

TEST(WrapLines, BreaksAtSpacesWithinTheWidth) {
  EXPECT_EQ(WrapLines("one two three", 7), (std::vector<std::string>{"one two", "three"}));
  EXPECT_EQ(WrapLines("  a   b  ", 42), (std::vector<std::string>{"a b"}));
  EXPECT_EQ(WrapLines("unbreakable word", 5), (std::vector<std::string>{"unbreakable", "word"}));
  // Widths are code points, not bytes: 7 two-byte letters fit in 7.
  EXPECT_EQ(WrapLines("\u00e9\u00e9\u00e9 \u00e9\u00e9\u00e9 x", 7),
            (std::vector<std::string>{"\u00e9\u00e9\u00e9 \u00e9\u00e9\u00e9", "x"}));
  EXPECT_TRUE(WrapLines("").empty());
}

std::vector<Cue> Cues() {
  return {Cue{11025, 44100, "In 1987, we <left> & came back."},
          Cue{66150, 22050LL * 3723 + 1103,
              "It was a long way home, longer than any of them had thought it would be."}};
}

TEST(Vtt, Golden) {
  EXPECT_EQ(Vtt(Cues(), kRate),
            "WEBVTT\n"
            "\n"
            "00:00:00.500 --> 00:00:02.000\n"
            "In 1987, we &lt;left&gt; &amp; came back.\n"
            "\n"
            "00:00:03.000 --> 01:02:03.050\n"
            "It was a long way home, longer than any of\n"
            "them had thought it would be.\n");
  EXPECT_EQ(Vtt({}, kRate), "WEBVTT\n");
}

TEST(Srt, Golden) {
  EXPECT_EQ(Srt(Cues(), kRate),
            "1\n"
            "00:00:00,500 --> 00:00:02,000\n"
            "In 1987, we <left> & came back.\n"
            "\n"
            "2\n"
            "00:00:03,000 --> 01:02:03,050\n"
            "It was a long way home, longer than any of\n"
            "them had thought it would be.\n");
  EXPECT_EQ(Srt({}, kRate), "");
}

TEST(TimingsJson, Golden) {
  TimingsChapter c;
  c.number = 3;
  c.title = "Caf\u00e9";
  c.text = "Caf\u00e9 in 1987.";
  c.words = {TimedWord{0, 11025, "Caf\u00e9", 0, 5, true},
             TimedWord{11025, 13230, "in", 6, 8, true},
             TimedWord{13230, 22050, "nineteen", 9, 13, false}};
  EXPECT_EQ(TimingsJson({c}, kRate),
            "{\n"
            " \"format\": \"narrate-timings\",\n"
            " \"version\": 1,\n"
            " \"chapters\": [\n"
            "  {\n"
            "   \"number\": 3,\n"
            "   \"title\": \"Caf\u00e9\",\n"
            "   \"text\": \"Caf\u00e9 in 1987.\",\n"
            "   \"words\": [\n"
            "    {\n"
            "     \"start\": 0.0,\n"
            "     \"end\": 0.5,\n"
            "     \"word\": \"Caf\u00e9\",\n"
            "     \"char_start\": 0,\n"
            "     \"char_end\": 4,\n"
            "     \"exact\": true\n"
            "    },\n"
            "    {\n"
            "     \"start\": 0.5,\n"
            "     \"end\": 0.6,\n"
            "     \"word\": \"in\",\n"
            "     \"char_start\": 5,\n"
            "     \"char_end\": 7,\n"
            "     \"exact\": true\n"
            "    },\n"
            "    {\n"
            "     \"start\": 0.6,\n"
            "     \"end\": 1.0,\n"
            "     \"word\": \"nineteen\",\n"
            "     \"char_start\": 8,\n"
            "     \"char_end\": 12,\n"
            "     \"exact\": false\n"
            "    }\n"
            "   ]\n"
            "  }\n"
            " ]\n"
            "}\n");
}

}  // namespace
}  // namespace narrate::package
