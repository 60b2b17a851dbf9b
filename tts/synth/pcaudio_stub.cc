// libpcaudio.so.0 with no sound device, for narrate's own start-up.
//
// Debian's libespeak-ng needs pcaudiolib, which needs PulseAudio, ALSA, X11,
// D-Bus and systemd: 19 of the 51 libraries the program loaded at every start,
// about 4,000 symbol relocations and 4-6 ms (`narrate --version` took 11-14 ms,
// 7 ms without them). narrate never plays sound (espeak_engine.cc: eSpeak
// touches the device only in ENOUTPUT_MODE_SPEAK_AUDIO), so the program finds
// this library first (an RPATH to the modules' folder, cli/CMakeLists.txt):
// the functions libespeak-ng calls, none of which opens anything. Where it is
// not found (a program copied elsewhere), the system's pcaudiolib is loaded
// instead and espeak_engine.cc's create_audio_device_object still opens no
// device: the same behaviour, only a slower start. Hand-written because it is
// the absence of a library: nothing packaged does less.
#include <cstddef>

extern "C" {

struct audio_object;

#define NARRATE_PCAUDIO __attribute__((visibility("default")))

NARRATE_PCAUDIO audio_object* create_audio_device_object(const char*, const char*, const char*) {
  return nullptr;
}
NARRATE_PCAUDIO int audio_object_open(audio_object*, int, unsigned, unsigned) { return -1; }
NARRATE_PCAUDIO void audio_object_close(audio_object*) {}
NARRATE_PCAUDIO void audio_object_destroy(audio_object*) {}
NARRATE_PCAUDIO int audio_object_write(audio_object*, const void*, std::size_t) { return -1; }
NARRATE_PCAUDIO int audio_object_drain(audio_object*) { return 0; }
NARRATE_PCAUDIO int audio_object_flush(audio_object*) { return 0; }
NARRATE_PCAUDIO const char* audio_object_strerror(audio_object*, int) { return "no sound device"; }

}  // extern "C"
