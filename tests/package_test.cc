// Unit tests for output/package/: safe file names, track names, playlists and
// ID3v2.4 tags. Tags are read back with TagLib directly (test-only reader).

#include <gtest/gtest.h>
#include <taglib/id3v1tag.h>
#include <taglib/id3v2frame.h>
#include <taglib/id3v2header.h>
#include <taglib/id3v2tag.h>
#include <taglib/mpegfile.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "output/encode/encoder.h"
#include "output/package/package.h"

namespace narrate::package {
namespace {

namespace fs = std::filesystem;
using std::string_literals::operator""s;

bool ValidUtf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// ---------------------------------------------------------------------------
// SafeFileName

TEST(PackageSafeFileName, DocumentedExample) {
  EXPECT_EQ(SafeFileName("Chapter 1: A/B?"), "Chapter 1 - A-B");
}

TEST(PackageSafeFileName, OrdinaryTitlesAreUnchanged) {
  EXPECT_EQ(SafeFileName("The Harbour Lamps"), "The Harbour Lamps");
  EXPECT_EQ(SafeFileName("Qo'noS — Ünïcödé"), "Qo'noS — Ünïcödé");
  EXPECT_EQ(SafeFileName("Part Two — Chapter 5"), "Part Two — Chapter 5");
  EXPECT_EQ(SafeFileName("Mr. Smith's (1st) [draft] & co, 100%"),
            "Mr. Smith's (1st) [draft] & co, 100%");
}

TEST(PackageSafeFileName, EachForbiddenCharacterIsReplaced) {
  EXPECT_EQ(SafeFileName("a/b"), "a-b");
  EXPECT_EQ(SafeFileName("a\\b"), "a-b");
  EXPECT_EQ(SafeFileName("a*b"), "a-b");
  EXPECT_EQ(SafeFileName("a?b"), "a-b");
  EXPECT_EQ(SafeFileName("a\"b"), "a-b");
  EXPECT_EQ(SafeFileName("a<b"), "a-b");
  EXPECT_EQ(SafeFileName("a>b"), "a-b");
  EXPECT_EQ(SafeFileName("a|b"), "a-b");
  EXPECT_EQ(SafeFileName("a:b"), "a -b");
  EXPECT_EQ(SafeFileName("Chapter 12: The Spouter-Inn"), "Chapter 12 - The Spouter-Inn");
  EXPECT_EQ(SafeFileName("<a|b>"), "a-b");
}

TEST(PackageSafeFileName, ControlCharactersAreReplaced) {
  EXPECT_EQ(SafeFileName("a\tb\nc\rd"), "a-b-c-d");
  EXPECT_EQ(SafeFileName("a\x01z\x1f"), "a-z");
  EXPECT_EQ(SafeFileName("a\x7f" "b"), "a-b");
}

TEST(PackageSafeFileName, TrimsSpacesDotsAndDashes) {
  EXPECT_EQ(SafeFileName("  Title  "), "Title");
  EXPECT_EQ(SafeFileName("Title."), "Title");
  EXPECT_EQ(SafeFileName("Title..."), "Title");
  EXPECT_EQ(SafeFileName("- Title -"), "Title");
  EXPECT_EQ(SafeFileName("Why?"), "Why");
  EXPECT_EQ(SafeFileName("A.B"), "A.B");
}

TEST(PackageSafeFileName, NoLeadingDot) {
  EXPECT_EQ(SafeFileName(".hidden"), "hidden");
  EXPECT_EQ(SafeFileName("..."), "untitled");
  EXPECT_EQ(SafeFileName(". . .x"), "x");
  EXPECT_EQ(SafeFileName("../../etc/passwd"), "etc-passwd");
}

TEST(PackageSafeFileName, NeverEmpty) {
  EXPECT_EQ(SafeFileName(""), "untitled");
  EXPECT_EQ(SafeFileName("   "), "untitled");
  EXPECT_EQ(SafeFileName("???"), "untitled");
  EXPECT_EQ(SafeFileName("/"), "untitled");
  EXPECT_EQ(SafeFileName(":"), "untitled");
  EXPECT_EQ(SafeFileName("\n\t"), "untitled");
}

TEST(PackageSafeFileName, CappedAt120Bytes) {
  EXPECT_EQ(SafeFileName(std::string(120, 'a')), std::string(120, 'a'));
  EXPECT_EQ(SafeFileName(std::string(121, 'a')), std::string(120, 'a'));
  EXPECT_EQ(SafeFileName(std::string(500, 'b')), std::string(120, 'b'));
}

TEST(PackageSafeFileName, CapDoesNotSplitUtf8) {
  // 119 ASCII bytes then "é" (2 bytes): the cut falls inside "é", which goes.
  std::string title = std::string(119, 'a') + "é" + "tail";
  EXPECT_EQ(SafeFileName(title), std::string(119, 'a'));
  // 118 + "é" fits exactly in 120.
  EXPECT_EQ(SafeFileName(std::string(118, 'a') + "étail"), std::string(118, 'a') + "é");
  // Three- and four-byte sequences at every offset around the cap.
  for (const std::string& ch : {"€"s, "😀"s, "—"s, "Ü"s}) {
    for (int pad = 100; pad < 125; ++pad) {
      std::string name = SafeFileName(std::string(pad, 'x') + ch + ch + ch + ch + ch + ch);
      std::size_t whole = pad >= 120 ? 0 : std::min<std::size_t>(6, (120 - pad) / ch.size());
      std::size_t expected = pad >= 120 ? 120 : pad + whole * ch.size();
      EXPECT_EQ(name.size(), expected) << ch << " pad " << pad;
      EXPECT_TRUE(ValidUtf8(name)) << ch << " pad " << pad;
    }
  }
  // All multi-byte.
  std::string all;
  for (int i = 0; i < 60; ++i) all += "€";  // 180 bytes
  EXPECT_EQ(SafeFileName(all).size(), 120u);
  std::string four;
  for (int i = 0; i < 40; ++i) four += "😀";  // 160 bytes
  EXPECT_EQ(SafeFileName(four).size(), 120u);
  EXPECT_TRUE(ValidUtf8(SafeFileName(four)));
}

TEST(PackageSafeFileName, CapCountsReplacements) {
  // ":" widens to " -": the cap applies to the result.
  std::string title;
  for (int i = 0; i < 100; ++i) title += ":a";
  std::string name = SafeFileName(title);
  // " -a" × 40 = 120 bytes, then the leading " -" is trimmed.
  std::string expected = "a";
  for (int i = 1; i < 40; ++i) expected += " -a";
  EXPECT_EQ(name, expected);
}

TEST(PackageSafeFileName, TrimsAfterTheCut) {
  // The cut leaves a trailing space: it is trimmed.
  std::string title = std::string(119, 'a') + " more words";
  EXPECT_EQ(SafeFileName(title), std::string(119, 'a'));
}

// ---------------------------------------------------------------------------
// TrackFileName

TEST(PackageTrackFileName, TwoDigitsUpTo99) {
  EXPECT_EQ(TrackFileName(1, 1, "Chapter 1", "mp3"), "01 - Chapter 1.mp3");
  EXPECT_EQ(TrackFileName(1, 12, "Chapter 1", "mp3"), "01 - Chapter 1.mp3");
  EXPECT_EQ(TrackFileName(7, 99, "Seven", "wav"), "07 - Seven.wav");
  EXPECT_EQ(TrackFileName(99, 99, "Last", "mp3"), "99 - Last.mp3");
}

TEST(PackageTrackFileName, WidensPast99) {
  EXPECT_EQ(TrackFileName(1, 100, "A", "mp3"), "001 - A.mp3");
  EXPECT_EQ(TrackFileName(100, 100, "A", "mp3"), "100 - A.mp3");
  EXPECT_EQ(TrackFileName(42, 999, "A", "mp3"), "042 - A.mp3");
  EXPECT_EQ(TrackFileName(42, 1000, "A", "mp3"), "0042 - A.mp3");
}

TEST(PackageTrackFileName, UnknownTotal) {
  EXPECT_EQ(TrackFileName(3, 0, "A", "mp3"), "03 - A.mp3");
  EXPECT_EQ(TrackFileName(123, 0, "A", "mp3"), "123 - A.mp3");
  // A track past the stated total still sorts.
  EXPECT_EQ(TrackFileName(150, 99, "A", "mp3"), "150 - A.mp3");
}

TEST(PackageTrackFileName, TitleIsMadeSafe) {
  EXPECT_EQ(TrackFileName(2, 5, "Chapter 2: Why?", "mp3"), "02 - Chapter 2 - Why.mp3");
  EXPECT_EQ(TrackFileName(2, 5, "", "mp3"), "02 - untitled.mp3");
  EXPECT_EQ(TrackFileName(2, 5, ".", "flac"), "02 - untitled.flac");
}

// ---------------------------------------------------------------------------
// M3u8

TEST(PackageM3u8, Empty) { EXPECT_EQ(M3u8({}), "#EXTM3U\n"); }

TEST(PackageM3u8, ExactText) {
  std::vector<PlaylistEntry> entries = {
      {"01 - Chapter 1 - Loomings.mp3", "Chapter 1: Loomings", 125.4},
      {"02 - Qo'noS — Ünïcödé.mp3", "Qo'noS — Ünïcödé", 0.5},
      {"03 - C.mp3", "C", 59.49},
      {"04 - D.mp3", "D", 0},
  };
  EXPECT_EQ(M3u8(entries),
            "#EXTM3U\n"
            "#EXTINF:125,Chapter 1: Loomings\n"
            "01 - Chapter 1 - Loomings.mp3\n"
            "#EXTINF:1,Qo'noS — Ünïcödé\n"
            "02 - Qo'noS — Ünïcödé.mp3\n"
            "#EXTINF:59,C\n"
            "03 - C.mp3\n"
            "#EXTINF:0,D\n"
            "04 - D.mp3\n");
}

TEST(PackageM3u8, LongDurationIsWholeSeconds) {
  EXPECT_EQ(M3u8({{"a.mp3", "A", 3 * 3600 + 0.6}}), "#EXTM3U\n#EXTINF:10801,A\na.mp3\n");
}

// ---------------------------------------------------------------------------
// WriteMp3Tags

class PackageTags : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("narrate_package_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // One second of a 440 Hz sine at 22050 Hz, encoded at 64 kbit/s.
  std::string MakeMp3(const std::string& name) {
    std::string path = (dir_ / name).string();
    auto encoder = encode::OpenMp3(path, {22050, 64});
    EXPECT_TRUE(encoder.ok()) << encoder.status().message();
    if (!encoder.ok()) return path;
    std::vector<std::int16_t> samples(22050);
    for (std::size_t i = 0; i < samples.size(); ++i) {
      samples[i] = static_cast<std::int16_t>(
          8000 * std::sin(2 * std::numbers::pi * 440.0 * static_cast<double>(i) / 22050.0));
    }
    Status written = (*encoder)->Write(samples);
    EXPECT_TRUE(written.ok()) << written.message();
    Status flushed = (*encoder)->Flush();
    EXPECT_TRUE(flushed.ok()) << flushed.message();
    return path;
  }

  static std::string Frame(TagLib::ID3v2::Tag* tag, const char* id) {
    const TagLib::ID3v2::FrameList& frames = tag->frameListMap()[id];
    if (frames.isEmpty()) return "<missing>";
    if (frames.size() != 1) return "<" + std::to_string(frames.size()) + " frames>";
    return frames.front()->toString().to8Bit(true);
  }

  fs::path dir_;
};

TEST_F(PackageTags, WritesId3v24Frames) {
  std::string path = MakeMp3("track.mp3");
  TrackTags tags;
  tags.title = "Chapter 2: The Letter";
  tags.album = "The Lamplighter of Vask";
  tags.artist = "Ann Vask";
  tags.track = 2;
  tags.track_total = 5;
  Status status = WriteMp3Tags(path, tags);
  ASSERT_TRUE(status.ok()) << status.message();

  TagLib::MPEG::File file(path.c_str(), true);
  ASSERT_TRUE(file.isValid());
  ASSERT_TRUE(file.hasID3v2Tag());
  EXPECT_FALSE(file.hasID3v1Tag());
  EXPECT_FALSE(file.hasAPETag());
  TagLib::ID3v2::Tag* tag = file.ID3v2Tag();
  EXPECT_EQ(tag->header()->majorVersion(), 4u);
  EXPECT_EQ(Frame(tag, "TIT2"), "Chapter 2: The Letter");
  EXPECT_EQ(Frame(tag, "TALB"), "The Lamplighter of Vask");
  EXPECT_EQ(Frame(tag, "TPE1"), "Ann Vask");
  EXPECT_EQ(Frame(tag, "TCON"), "Audiobook");
  EXPECT_EQ(Frame(tag, "TRCK"), "2/5");
  EXPECT_EQ(tag->track(), 2u);
  // The audio is still there and about a second long.
  ASSERT_NE(file.audioProperties(), nullptr);
  EXPECT_NEAR(file.audioProperties()->lengthInMilliseconds(), 1000, 150);
  EXPECT_EQ(file.audioProperties()->sampleRate(), 22050);
}

TEST_F(PackageTags, Utf8Text) {
  std::string path = MakeMp3("utf8.mp3");
  TrackTags tags;
  tags.title = "Qo'noS — Ünïcödé";
  tags.album = "日本語の本 😀";
  tags.artist = "Zoë Ærø";
  tags.genre = "Hörbuch";
  tags.track = 1;
  tags.track_total = 1;
  ASSERT_TRUE(WriteMp3Tags(path, tags).ok());

  TagLib::MPEG::File file(path.c_str(), false);
  ASSERT_TRUE(file.hasID3v2Tag());
  TagLib::ID3v2::Tag* tag = file.ID3v2Tag();
  EXPECT_EQ(Frame(tag, "TIT2"), "Qo'noS — Ünïcödé");
  EXPECT_EQ(Frame(tag, "TALB"), "日本語の本 😀");
  EXPECT_EQ(Frame(tag, "TPE1"), "Zoë Ærø");
  EXPECT_EQ(Frame(tag, "TCON"), "Hörbuch");
  EXPECT_EQ(Frame(tag, "TRCK"), "1/1");
  EXPECT_EQ(tag->title().to8Bit(true), "Qo'noS — Ünïcödé");
}

TEST_F(PackageTags, TrackWithoutTotalAndEmptyFields) {
  std::string path = MakeMp3("partial.mp3");
  TrackTags tags;
  tags.title = "Only a title";
  tags.track = 7;
  ASSERT_TRUE(WriteMp3Tags(path, tags).ok());

  TagLib::MPEG::File file(path.c_str(), false);
  TagLib::ID3v2::Tag* tag = file.ID3v2Tag();
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(Frame(tag, "TIT2"), "Only a title");
  EXPECT_EQ(Frame(tag, "TRCK"), "7");
  EXPECT_EQ(Frame(tag, "TALB"), "<missing>");
  EXPECT_EQ(Frame(tag, "TPE1"), "<missing>");
  EXPECT_EQ(Frame(tag, "TCON"), "Audiobook");
}

TEST_F(PackageTags, NoTrackNumberMeansNoTrck) {
  std::string path = MakeMp3("notrack.mp3");
  TrackTags tags;
  tags.title = "T";
  tags.track = -1;
  tags.track_total = 5;
  ASSERT_TRUE(WriteMp3Tags(path, tags).ok());
  TagLib::MPEG::File file(path.c_str(), false);
  EXPECT_EQ(Frame(file.ID3v2Tag(), "TRCK"), "<missing>");
}

TEST_F(PackageTags, TrackZeroIsATrackNumber) {
  std::string path = MakeMp3("opening.mp3");
  TrackTags tags;
  tags.title = "Opening Credits";
  tags.track = 0;
  tags.track_total = 5;
  ASSERT_TRUE(WriteMp3Tags(path, tags).ok());
  TagLib::MPEG::File file(path.c_str(), false);
  EXPECT_EQ(Frame(file.ID3v2Tag(), "TRCK"), "0/5");
}

TEST_F(PackageTags, RewritingReplacesTagsWithoutDuplicates) {
  std::string path = MakeMp3("twice.mp3");
  TrackTags first;
  first.title = "First";
  first.album = "Old Album";
  first.artist = "Old Artist";
  first.track = 1;
  first.track_total = 2;
  ASSERT_TRUE(WriteMp3Tags(path, first).ok());
  auto size_once = fs::file_size(path);

  TrackTags second;
  second.title = "Second";
  second.album = "";
  second.artist = "New Artist";
  second.track = 2;
  second.track_total = 2;
  ASSERT_TRUE(WriteMp3Tags(path, second).ok());

  TagLib::MPEG::File file(path.c_str(), false);
  TagLib::ID3v2::Tag* tag = file.ID3v2Tag();
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(Frame(tag, "TIT2"), "Second");
  EXPECT_EQ(Frame(tag, "TALB"), "<missing>");
  EXPECT_EQ(Frame(tag, "TPE1"), "New Artist");
  EXPECT_EQ(Frame(tag, "TRCK"), "2/2");
  // The tag is rewritten in place, not stacked on the old one.
  EXPECT_LE(fs::file_size(path), size_once + 1024);
}

TEST_F(PackageTags, OtherTagTypesAreStripped) {
  std::string path = MakeMp3("v1.mp3");
  {
    TagLib::MPEG::File file(path.c_str(), false);
    file.ID3v1Tag(true)->setTitle("Old v1 title");
    ASSERT_TRUE(file.save(TagLib::MPEG::File::ID3v1, TagLib::File::StripNone));
  }
  {
    TagLib::MPEG::File file(path.c_str(), false);
    ASSERT_TRUE(file.hasID3v1Tag());
  }
  TrackTags tags;
  tags.title = "New";
  ASSERT_TRUE(WriteMp3Tags(path, tags).ok());
  TagLib::MPEG::File file(path.c_str(), false);
  EXPECT_FALSE(file.hasID3v1Tag());
  ASSERT_TRUE(file.hasID3v2Tag());
  EXPECT_EQ(Frame(file.ID3v2Tag(), "TIT2"), "New");
}

TEST_F(PackageTags, NonMp3FileIsAnErrorNamingThePath) {
  std::string path = (dir_ / "notes.mp3").string();
  std::ofstream(path) << "This is a plain text file, not audio.\n";
  TrackTags tags;
  tags.title = "T";
  Status status = WriteMp3Tags(path, tags);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), path + ": not an MP3 file TagLib can read");
  // The file is left as it was.
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "This is a plain text file, not audio.");
}

TEST_F(PackageTags, EmptyFileIsAnError) {
  std::string path = (dir_ / "empty.mp3").string();
  std::ofstream{path};
  Status status = WriteMp3Tags(path, TrackTags{});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), path + ": not an MP3 file TagLib can read");
}

TEST_F(PackageTags, MissingFileIsAnError) {
  std::string path = (dir_ / "missing.mp3").string();
  Status status = WriteMp3Tags(path, TrackTags{});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace narrate::package
