// narrate-aac.so's entry: the table of its functions (aac_module.h).
#include "output/encode/aac_module.h"

#include "output/encode/aac_internal.h"

extern "C" __attribute__((visibility("default"))) const narrate::ModuleHeader*
narrate_aac_module() {
  namespace aac = narrate::encode::aac;
  static const aac::ModuleApi api{
      .header = {aac::kModuleVersion, sizeof(aac::ModuleApi)},
      .encoder_version = aac::EncoderVersion,
      .open_m4a = aac::OpenM4a,
      .open_segment = aac::OpenSegmentEncoder,
      .segment_samples = aac::SegmentSamples,
      .join_segments = aac::JoinSegments,
  };
  return &api.header;
}
