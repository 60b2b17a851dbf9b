// The cluster recipes in deploy/ (issue 19). The Kubernetes manifests are read with yaml-cpp and
// held to the API's fields at every level they use; the commands of their containers, the Slurm
// scripts and the GNU Parallel script are run against a stand-in narrate that records its
// arguments; the Containerfile installs exactly the packages of scripts/packages.txt.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/probe.h"

namespace narrate::testing {
namespace {

namespace fs = std::filesystem;
using Args = std::vector<std::string>;

std::string Repo(const std::string& path) { return std::string(NARRATE_SOURCE_DIR) + "/" + path; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::set<std::string> Words(const std::string& text) {
  std::set<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.insert(word);
  return words;
}

std::string QuoteAll(const Args& args) {
  std::string out;
  for (const std::string& a : args) out += " " + Quote(a);
  return out;
}

// The value after `name` in args ("--cache /c" or "--cache=/c"); "" when absent.
std::string OptionValue(const Args& args, const std::string& name) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == name && i + 1 < args.size()) return args[i + 1];
    if (args[i].starts_with(name + "=")) return args[i].substr(name.size() + 1);
  }
  return "";
}

// args without the options a recipe gives each command of its own (the subcommand, where the
// cache and output are, the shard, the workers): what is left must be the same everywhere.
Args BooksAndBuildOptions(const Args& args) {
  static const std::set<std::string> kOwn = {"--cache", "--shard", "--jobs", "-o", "--output"};
  Args out;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (kOwn.contains(args[i])) {
      ++i;
    } else {
      out.push_back(args[i]);
    }
  }
  return out;
}

// ---- The Kubernetes API's fields ----------------------------------------------------------

// A type's fields, each with the type the check walks into: "" for a scalar, a list of
// scalars, or a map of free keys (labels, resource quantities) or of fields the recipes do not
// use; "[T]" for a list of T.
using Fields = std::map<std::string, std::string>;

// `leaves` is a space-separated list of the fields not walked into.
Fields MakeFields(const std::string& leaves, Fields walked = {}) {
  for (const std::string& name : Words(leaves)) walked.emplace(name, "");
  return walked;
}

// From the Kubernetes API reference (1.34): batch/v1 Job, JobSpec, PodFailurePolicy; core/v1
// ObjectMeta, PodTemplateSpec, PodSpec, Container, ResourceRequirements, VolumeMount, Volume,
// PersistentVolumeClaimVolumeSource, PersistentVolumeClaim and its spec.
const std::map<std::string, Fields>& Schema() {
  static const auto* schema = new std::map<std::string, Fields>{
      {"Job",
       MakeFields("apiVersion kind status", {{"metadata", "ObjectMeta"}, {"spec", "JobSpec"}})},
      {"PersistentVolumeClaim",
       MakeFields("apiVersion kind status", {{"metadata", "ObjectMeta"}, {"spec", "PvcSpec"}})},
      {"ObjectMeta",
       MakeFields("annotations creationTimestamp deletionGracePeriodSeconds deletionTimestamp "
                  "finalizers generateName generation labels managedFields name namespace "
                  "ownerReferences resourceVersion selfLink uid")},
      {"JobSpec",
       MakeFields("activeDeadlineSeconds backoffLimit backoffLimitPerIndex completionMode "
                  "completions managedBy manualSelector maxFailedIndexes parallelism "
                  "podReplacementPolicy selector successPolicy suspend ttlSecondsAfterFinished",
                  {{"podFailurePolicy", "PodFailurePolicy"}, {"template", "PodTemplateSpec"}})},
      {"PodFailurePolicy", {{"rules", "[PodFailurePolicyRule]"}}},
      {"PodFailurePolicyRule", MakeFields("action", {{"onExitCodes", "OnExitCodes"},
                                                     {"onPodConditions", "[OnPodCondition]"}})},
      {"OnExitCodes", MakeFields("containerName operator values")},
      {"OnPodCondition", MakeFields("status type")},
      {"PodTemplateSpec", {{"metadata", "ObjectMeta"}, {"spec", "PodSpec"}}},
      {"PodSpec",
       MakeFields("activeDeadlineSeconds affinity automountServiceAccountToken dnsConfig "
                  "dnsPolicy enableServiceLinks ephemeralContainers hostAliases hostIPC "
                  "hostNetwork hostPID hostUsers hostname hostnameOverride imagePullSecrets "
                  "nodeName nodeSelector os overhead preemptionPolicy priority "
                  "priorityClassName readinessGates resourceClaims resources restartPolicy "
                  "runtimeClassName schedulerName schedulingGates securityContext "
                  "serviceAccount serviceAccountName setHostnameAsFQDN shareProcessNamespace "
                  "subdomain terminationGracePeriodSeconds tolerations "
                  "topologySpreadConstraints",
                  {{"containers", "[Container]"},
                   {"initContainers", "[Container]"},
                   {"volumes", "[Volume]"}})},
      {"Container",
       MakeFields("args command env envFrom image imagePullPolicy lifecycle livenessProbe name "
                  "ports readinessProbe resizePolicy restartPolicy securityContext "
                  "startupProbe stdin stdinOnce terminationMessagePath "
                  "terminationMessagePolicy tty volumeDevices workingDir",
                  {{"resources", "ResourceRequirements"}, {"volumeMounts", "[VolumeMount]"}})},
      {"ResourceRequirements", MakeFields("claims limits requests")},
      {"VolumeMount", MakeFields("mountPath mountPropagation name readOnly recursiveReadOnly "
                                 "subPath subPathExpr")},
      {"Volume",
       MakeFields("awsElasticBlockStore azureDisk azureFile cephfs cinder configMap csi "
                  "downwardAPI emptyDir ephemeral fc flexVolume flocker gcePersistentDisk "
                  "gitRepo glusterfs hostPath image iscsi name nfs photonPersistentDisk "
                  "portworxVolume projected quobyte rbd scaleIO secret storageos vsphereVolume",
                  {{"persistentVolumeClaim", "PvcVolumeSource"}})},
      {"PvcVolumeSource", MakeFields("claimName readOnly")},
      {"PvcSpec", MakeFields("accessModes dataSource dataSourceRef selector storageClassName "
                             "volumeAttributesClassName volumeMode volumeName",
                             {{"resources", "VolumeResourceRequirements"}})},
      {"VolumeResourceRequirements", MakeFields("limits requests")},
  };
  return *schema;
}

// Errors of one file, each "file:line: what".
struct Errors {
  std::string file;
  std::vector<std::string> lines;
  void Add(const YAML::Node& at, const std::string& what) {
    lines.push_back(file + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }
};

void CheckType(const YAML::Node& node, const std::string& type, const std::string& path,
               Errors* errors);

void CheckValue(const YAML::Node& node, const std::string& type, const std::string& path,
                Errors* errors) {
  if (type.empty()) return;
  if (type.front() != '[') return CheckType(node, type, path, errors);
  if (!node.IsSequence()) return errors->Add(node, path + ": not a list");
  const std::string item = type.substr(1, type.size() - 2);
  for (std::size_t i = 0; i < node.size(); ++i) {
    CheckValue(node[i], item, path + "[" + std::to_string(i) + "]", errors);
  }
}

void CheckType(const YAML::Node& node, const std::string& type, const std::string& path,
               Errors* errors) {
  if (!node.IsMap()) return errors->Add(node, path + ": not a map (" + type + ")");
  const Fields& fields = Schema().at(type);
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const std::string at = path.empty() ? key : path + "." + key;
    const auto field = fields.find(key);
    if (field == fields.end()) {
      errors->Add(entry.first, at + ": not a field of " + type);
    } else {
      CheckValue(entry.second, field->second, at, errors);
    }
  }
}

// The unknown fields of a manifest's document, by its kind.
std::vector<std::string> SchemaErrors(const YAML::Node& doc, const std::string& file) {
  Errors errors{file, {}};
  const std::string kind = doc["kind"] ? doc["kind"].as<std::string>() : "";
  if (!Schema().contains(kind)) {
    errors.Add(doc, "kind '" + kind + "' is not one the recipes use");
  } else {
    CheckType(doc, kind, "", &errors);
  }
  return errors.lines;
}

// A manifest's documents; a parse error fails the test, naming the file and line.
std::vector<YAML::Node> LoadManifest(const std::string& name) {
  try {
    return YAML::LoadAllFromFile(Repo("deploy/kubernetes/" + name));
  } catch (const YAML::Exception& e) {
    ADD_FAILURE() << name << ":" << e.mark.line + 1 << ": " << e.msg;
    return {};
  }
}

YAML::Node LoadJob(const std::string& name) {
  const std::vector<YAML::Node> docs = LoadManifest(name);
  EXPECT_EQ(docs.size(), 1u) << name << ": one Job a file";
  return docs.empty() ? YAML::Node() : docs[0];
}

std::set<std::string> PvcNames() {
  std::set<std::string> names;
  for (const YAML::Node& doc : LoadManifest("pvc.yaml")) {
    names.insert(doc["metadata"]["name"].as<std::string>());
  }
  return names;
}

YAML::Node PvcNamed(const std::string& name) {
  for (const YAML::Node& doc : LoadManifest("pvc.yaml")) {
    if (doc["metadata"]["name"].as<std::string>() == name) return doc;
  }
  return YAML::Node();
}

// What a container runs: its command (else the image's ENTRYPOINT, narrate), then its args.
Args ContainerArgv(const YAML::Node& container) {
  Args argv = {"narrate"};
  if (container["command"]) argv = container["command"].as<Args>();
  if (container["args"]) {
    for (const YAML::Node& a : container["args"]) argv.push_back(a.as<std::string>());
  }
  return argv;
}

// The volume mounted at path or at a folder above it, and whether read-only; "" for none.
std::string VolumeAt(const YAML::Node& container, const std::string& path, bool* read_only) {
  for (const YAML::Node& mount : container["volumeMounts"]) {
    const std::string at = mount["mountPath"].as<std::string>();
    if (path == at || path.starts_with(at + "/")) {
      *read_only = mount["readOnly"] && mount["readOnly"].as<bool>();
      return mount["name"].as<std::string>();
    }
  }
  return "";
}

// The claim a pod's volume names; "" when it is not a PersistentVolumeClaim.
std::string ClaimOf(const YAML::Node& pod, const std::string& volume) {
  for (const YAML::Node& v : pod["volumes"]) {
    if (v["name"].as<std::string>() == volume && v["persistentVolumeClaim"]) {
      return v["persistentVolumeClaim"]["claimName"].as<std::string>();
    }
  }
  return "";
}

// ---- A stand-in narrate --------------------------------------------------------------------

// A temporary folder with bin/narrate, a script that writes its arguments (one a line) to a
// file of its own in calls/ and fails (exit 1) when its --shard is $NARRATE_STUB_FAIL_SHARD.
class StubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    fs::create_directories(dir_ + "/bin");
    fs::create_directories(dir_ + "/calls");
    WriteFile(dir_ + "/bin/narrate",
              "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$NARRATE_STUB_CALLS/call.$$\"\nprev=\n"
              "for a in \"$@\"; do\n  if [ \"$prev\" = --shard ] && "
              "[ \"$a\" = \"${NARRATE_STUB_FAIL_SHARD:-}\" ]; then exit 1; fi\n"
              "  prev=$a\ndone\nexit 0\n");
    fs::permissions(dir_ + "/bin/narrate", fs::perms::owner_all);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs argv in the folder with the stub first on PATH, after the assignments in env; the
  // variables the recipes read are unset first, whatever the test's own environment holds.
  CommandResult Run(const Args& argv, const std::string& env = "") const {
    static const std::string kUnset =
        " -u NARRATE -u NARRATE_SHARDS -u JOB_COMPLETION_INDEX -u SLURM_ARRAY_TASK_ID"
        " -u SLURM_ARRAY_TASK_COUNT -u SLURM_ARRAY_TASK_MIN -u SLURM_ARRAY_TASK_MAX";
    return RunCommand("cd " + Quote(dir_) + " && env" + kUnset + " PATH=" + Quote(dir_ + "/bin") +
                      ":\"$PATH\" NARRATE_STUB_CALLS=" + Quote(dir_ + "/calls") + " " + env +
                      QuoteAll(argv));
  }
  // The stub's runs so far (in no particular order), each its arguments; then forgets them.
  std::vector<Args> TakeCalls() const {
    std::vector<Args> calls;
    for (const auto& e : fs::directory_iterator(dir_ + "/calls")) {
      calls.push_back(Lines(ReadFile(e.path().string())));
      fs::remove(e.path());
    }
    return calls;
  }

  std::string dir_;
};

// ---- Kubernetes ----------------------------------------------------------------------------

TEST(KubernetesSchema, RefusesUnknownFieldsAtEveryLevelTheRecipesUse) {
  const YAML::Node job = YAML::Load(
      "apiVersion: batch/v1\nkind: Job\nspec:\n  completionMod: Indexed\n  template:\n"
      "    spec:\n      restartPolicy: Never\n      containers:\n        - name: a\n"
      "          comand: [x]\n          volumeMounts:\n            - {name: a, mountPth: /a}\n"
      "      volumes:\n        - name: a\n          persistentVolumeClaim: {claim: x}\n");
  EXPECT_EQ(SchemaErrors(job, "job.yaml"),
            (std::vector<std::string>{
                "job.yaml:4: spec.completionMod: not a field of JobSpec",
                "job.yaml:10: spec.template.spec.containers[0].comand: not a field of Container",
                "job.yaml:12: spec.template.spec.containers[0].volumeMounts[0].mountPth: not a "
                "field of VolumeMount",
                "job.yaml:15: spec.template.spec.volumes[0].persistentVolumeClaim.claim: not a "
                "field of PvcVolumeSource"}));
  EXPECT_EQ(SchemaErrors(YAML::Load("kind: Deployment\n"), "d.yaml").size(), 1u);
}

TEST(KubernetesSchema, EveryManifestUsesOnlyTheApisFields) {
  for (const char* name : {"render-job.yaml", "assemble-job.yaml", "pvc.yaml"}) {
    const std::vector<YAML::Node> docs = LoadManifest(name);
    EXPECT_FALSE(docs.empty()) << name;
    for (const YAML::Node& doc : docs) {
      EXPECT_EQ(SchemaErrors(doc, name), std::vector<std::string>()) << name;
    }
  }
}

TEST(KubernetesPvc, ClaimsAreVersionOneWithAStorageRequest) {
  for (const YAML::Node& doc : LoadManifest("pvc.yaml")) {
    EXPECT_EQ(doc["apiVersion"].as<std::string>(), "v1");
    EXPECT_EQ(doc["kind"].as<std::string>(), "PersistentVolumeClaim");
    EXPECT_TRUE(doc["spec"]["resources"]["requests"]["storage"]);
  }
  EXPECT_EQ(PvcNames(),
            (std::set<std::string>{"narrate-books", "narrate-cache", "narrate-audiobooks"}));
}

// The checks both Jobs pass: a Job of batch/v1, a pod that is not restarted in place when the
// per-index limit or the failure policy needs it, every mount a declared volume, every claim
// in pvc.yaml, a failure policy about a container that exists.
void CheckJob(const YAML::Node& job, const std::string& name) {
  EXPECT_EQ(job["apiVersion"].as<std::string>(), "batch/v1");
  EXPECT_EQ(job["kind"].as<std::string>(), "Job");
  EXPECT_EQ(job["metadata"]["name"].as<std::string>(), name);
  const YAML::Node pod = job["spec"]["template"]["spec"];
  const std::string restart = pod["restartPolicy"].as<std::string>();
  EXPECT_TRUE(restart == "Never" || restart == "OnFailure") << restart;
  if (job["spec"]["backoffLimitPerIndex"] || job["spec"]["podFailurePolicy"]) {
    EXPECT_EQ(restart, "Never") << "backoffLimitPerIndex and podFailurePolicy need it";
  }
  std::set<std::string> volumes, containers;
  for (const YAML::Node& v : pod["volumes"]) volumes.insert(v["name"].as<std::string>());
  EXPECT_EQ(volumes.size(), pod["volumes"].size()) << "a volume declared twice";
  for (const YAML::Node& c : pod["containers"]) {
    containers.insert(c["name"].as<std::string>());
    for (const YAML::Node& m : c["volumeMounts"]) {
      EXPECT_TRUE(volumes.contains(m["name"].as<std::string>())) << m["name"];
    }
  }
  for (const std::string& volume : volumes) {
    EXPECT_TRUE(PvcNames().contains(ClaimOf(pod, volume))) << volume << " in pvc.yaml";
  }
  if (!job["spec"]["podFailurePolicy"]) return;
  for (const YAML::Node& rule : job["spec"]["podFailurePolicy"]["rules"]) {
    if (!rule["onExitCodes"]) continue;
    EXPECT_TRUE(containers.contains(rule["onExitCodes"]["containerName"].as<std::string>()));
  }
}

// Where a command's books, cache and output are: the books read-only, the cache and the output
// writable, the cache on a ReadWriteMany claim; --jobs is the CPU request. Returns the claim
// holding the cache.
std::string CheckPaths(const YAML::Node& pod, const Args& args, const std::string& output) {
  const YAML::Node container = pod["containers"][0];
  bool read_only = false;
  EXPECT_NE(VolumeAt(container, args.at(1), &read_only), "") << "the books " << args.at(1);
  EXPECT_TRUE(read_only) << "the books are mounted read-only";
  const std::string cache = VolumeAt(container, OptionValue(args, "--cache"), &read_only);
  EXPECT_NE(cache, "") << "--cache " << OptionValue(args, "--cache") << " is not mounted";
  EXPECT_FALSE(read_only) << "the cache is written";
  const YAML::Node access = PvcNamed(ClaimOf(pod, cache))["spec"]["accessModes"];
  EXPECT_EQ(access.size(), 1u);
  EXPECT_EQ(access[0].as<std::string>(), "ReadWriteMany") << "every pod writes the cache";
  if (!output.empty()) {
    EXPECT_NE(VolumeAt(container, output, &read_only), "") << "-o " << output;
    EXPECT_FALSE(read_only) << "the output is written";
  }
  EXPECT_EQ(OptionValue(args, "--jobs"),
            container["resources"]["requests"]["cpu"].as<std::string>());
  return ClaimOf(pod, cache);
}

class KubernetesJobs : public StubTest {
 protected:
  // The narrate command pod index `index` of the render Job runs (-1: no index).
  CommandResult RunRenderPod(int index) {
    const std::string env = index < 0 ? "" : "JOB_COMPLETION_INDEX=" + std::to_string(index);
    return Run(ContainerArgv(render_["spec"]["template"]["spec"]["containers"][0]), env);
  }
  YAML::Node render_ = LoadJob("render-job.yaml");
  YAML::Node assemble_ = LoadJob("assemble-job.yaml");
};

TEST_F(KubernetesJobs, RenderJobIsIndexedWithOnePodAShardRetriedOnFailure) {
  CheckJob(render_, "narrate-render");
  const YAML::Node spec = render_["spec"];
  EXPECT_EQ(spec["completionMode"].as<std::string>(), "Indexed");
  const int shards = spec["completions"].as<int>();
  EXPECT_GE(shards, 2);
  EXPECT_GE(spec["parallelism"].as<int>(), 1);
  EXPECT_LE(spec["parallelism"].as<int>(), shards);
  const YAML::Node retries =
      spec["backoffLimitPerIndex"] ? spec["backoffLimitPerIndex"] : spec["backoffLimit"];
  EXPECT_GE(retries.as<int>(), 1) << "a killed pod runs its shard again";
  ASSERT_EQ(spec["template"]["spec"]["containers"].size(), 1u);
  EXPECT_GE(std::stod(spec["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"]
                          .as<std::string>()),
            2.0);
}

TEST_F(KubernetesJobs, PodKRendersShardKPlusOneOfCompletionsIntoTheMountedCache) {
  const int shards = render_["spec"]["completions"].as<int>();
  const YAML::Node pod = render_["spec"]["template"]["spec"];
  for (int index = 0; index < shards; ++index) {
    const CommandResult r = RunRenderPod(index);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::vector<Args> calls = TakeCalls();
    ASSERT_EQ(calls.size(), 1u) << "index " << index;
    const Args& args = calls[0];
    EXPECT_EQ(args[0], "render");
    EXPECT_EQ(OptionValue(args, "--shard"),
              std::to_string(index + 1) + "/" + std::to_string(shards));
    CheckPaths(pod, args, "");
  }
}

TEST_F(KubernetesJobs, RenderPodWithoutAnIndexRendersNothing) {
  const CommandResult r = RunRenderPod(-1);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("JOB_COMPLETION_INDEX"), std::string::npos) << r.err;
  EXPECT_TRUE(TakeCalls().empty()) << "it must not render shard 1 for every pod";
}

TEST_F(KubernetesJobs, AssembleBuildsTheRenderedBooksFromTheSameCache) {
  CheckJob(assemble_, "narrate-assemble");
  ASSERT_EQ(RunRenderPod(0).exit_code, 0);
  const Args render = TakeCalls().at(0);
  const std::string render_claim = CheckPaths(render_["spec"]["template"]["spec"], render, "");
  const YAML::Node pod = assemble_["spec"]["template"]["spec"];
  ASSERT_EQ(pod["containers"].size(), 1u);
  const CommandResult r = Run(ContainerArgv(pod["containers"][0]));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<Args> calls = TakeCalls();
  ASSERT_EQ(calls.size(), 1u);
  const Args& build = calls[0];
  EXPECT_EQ(build[0], "build");
  EXPECT_EQ(BooksAndBuildOptions(build), BooksAndBuildOptions(render));
  EXPECT_EQ(OptionValue(build, "--cache"), OptionValue(render, "--cache"));
  const std::string claim = CheckPaths(pod, build, OptionValue(build, "-o"));
  EXPECT_EQ(claim, render_claim) << "the render and the assembly share one cache";
  EXPECT_NE(OptionValue(build, "-o"), "");
}

// ---- Slurm ---------------------------------------------------------------------------------

// The long options of sbatch (Slurm's sbatch(1)); the recipes write options long.
const std::set<std::string>& SbatchOptions() {
  static const auto* options = new std::set<std::string>(
      Words("account acctg-freq array batch bb bbf begin chdir cluster-constraint clusters "
            "comment constraint container contiguous core-spec cores-per-socket cpu-freq "
            "cpus-per-gpu cpus-per-task deadline delay-boot dependency distribution error exclude "
            "exclusive export export-file extra-node-info get-user-env gid gpu-bind gpu-freq gpus "
            "gpus-per-node gpus-per-socket gpus-per-task gres gres-flags hint hold ignore-pbs "
            "input job-name kill-on-invalid-dep licenses mail-type mail-user mcs-label mem "
            "mem-bind mem-per-cpu mem-per-gpu mincpus network nice no-kill no-requeue nodefile "
            "nodelist nodes ntasks ntasks-per-core ntasks-per-gpu ntasks-per-node "
            "ntasks-per-socket open-mode output overcommit oversubscribe partition power prefer "
            "priority profile propagate qos quiet reboot requeue reservation signal "
            "sockets-per-node spread-job switches thread-spec threads-per-core time time-min tmp "
            "tres-per-task uid use-min-nodes verbose wait wait-all-nodes wckey"));
  return *options;
}

// A script's #SBATCH options, name to value; a bad directive fails the test, naming the line.
std::map<std::string, std::string> SbatchDirectives(const std::string& name) {
  std::map<std::string, std::string> options;
  static const std::regex kDirective(R"(^#SBATCH\s+--([a-z-]+)(=(\S+))?\s*$)");
  bool commands_began = false;
  int number = 0;
  for (const std::string& line : Lines(ReadFile(Repo("deploy/slurm/" + name)))) {
    ++number;
    std::smatch m;
    if (!line.starts_with("#SBATCH")) {
      commands_began = commands_began || !(line.empty() || line.starts_with("#"));
    } else if (commands_began) {
      ADD_FAILURE() << name << ":" << number << ": after the first command sbatch ignores it";
    } else if (!std::regex_match(line, m, kDirective) || !SbatchOptions().contains(m[1])) {
      ADD_FAILURE() << name << ":" << number << ": not --option[=value] of sbatch: " << line;
    } else {
      options[m[1]] = m[3];
    }
  }
  return options;
}

// The task count of --array when it is 1-N (a range or list covering 1 to N once, "%M" aside).
int ArrayShardCount(const std::string& spec) {
  std::set<int> tasks;
  std::stringstream parts(spec.substr(0, spec.find('%')));
  static const std::regex kRange(R"((\d+)(-(\d+))?)");
  for (std::string part; std::getline(parts, part, ',');) {
    std::smatch m;
    if (!std::regex_match(part, m, kRange)) return -1;
    const int last = m[3].matched ? std::stoi(m[3]) : std::stoi(m[1]);
    for (int t = std::stoi(m[1]); t <= last; ++t) tasks.insert(t);
  }
  const int n = static_cast<int>(tasks.size());
  return n > 0 && *tasks.begin() == 1 && *tasks.rbegin() == n ? n : -1;
}

TEST(Slurm, ArrayCountHelperAcceptsOnlyOneToN) {
  EXPECT_EQ(ArrayShardCount("1-4"), 4);
  EXPECT_EQ(ArrayShardCount("1-8%2"), 8);
  EXPECT_EQ(ArrayShardCount("1,2,3"), 3);
  EXPECT_EQ(ArrayShardCount("0-3"), -1);
  EXPECT_EQ(ArrayShardCount("1,3"), -1);
  EXPECT_EQ(ArrayShardCount("1-7:2"), -1);
}

class SlurmScripts : public StubTest {
 protected:
  // Runs render.sbatch as array task `task` of the range 1-`count` (as sbatch would).
  CommandResult RunTask(int task, const std::string& array_env) {
    return Run({"bash", Repo("deploy/slurm/render.sbatch"), "/shared/cache",
                "/shared/books/my catalogue.csv", "--voice", "en-gb"},
               "SLURM_ARRAY_TASK_ID=" + std::to_string(task) + " SLURM_CPUS_PER_TASK=" + cpus_ +
                   " " + array_env);
  }
  std::string ArrayEnv(int min, int max, bool with_count = true) const {
    std::string env = "SLURM_ARRAY_TASK_MIN=" + std::to_string(min) +
                      " SLURM_ARRAY_TASK_MAX=" + std::to_string(max);
    if (with_count) env += " SLURM_ARRAY_TASK_COUNT=" + std::to_string(max - min + 1);
    return env;
  }
  std::map<std::string, std::string> render_ = SbatchDirectives("render.sbatch");
  std::string cpus_ = render_["cpus-per-task"];
};

TEST_F(SlurmScripts, DirectivesAreKnownOptionsAndTheArrayIsOneToN) {
  EXPECT_GE(ArrayShardCount(render_["array"]), 2) << render_["array"];
  EXPECT_GE(std::stoi(cpus_), 2);
  const std::map<std::string, std::string> assemble = SbatchDirectives("assemble.sbatch");
  EXPECT_FALSE(assemble.contains("array"));
  EXPECT_TRUE(assemble.contains("kill-on-invalid-dep"));
}

TEST_F(SlurmScripts, ArrayTaskKRendersShardKOfTheArraysCount) {
  const int shards = ArrayShardCount(render_["array"]);
  for (bool with_count : {true, false}) {  // SLURM_ARRAY_TASK_COUNT is missing from old Slurm
    for (int task = 1; task <= shards; ++task) {
      const CommandResult r = RunTask(task, ArrayEnv(1, shards, with_count));
      EXPECT_EQ(r.exit_code, 0) << r.err;
      const std::vector<Args> calls = TakeCalls();
      ASSERT_EQ(calls.size(), 1u);
      EXPECT_EQ(calls[0],
                (Args{"render", "/shared/books/my catalogue.csv", "--voice", "en-gb", "--cache",
                      "/shared/cache", "--shard",
                      std::to_string(task) + "/" + std::to_string(shards), "--jobs", cpus_}));
    }
  }
}

TEST_F(SlurmScripts, ReRunningOneShardNeedsTheShardCount) {
  CommandResult r = RunTask(3, ArrayEnv(3, 3));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("NARRATE_SHARDS"), std::string::npos) << r.err;
  EXPECT_TRUE(TakeCalls().empty()) << "it must not render shard 3/1";
  r = RunTask(3, ArrayEnv(3, 3) + " NARRATE_SHARDS=4");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(OptionValue(TakeCalls().at(0), "--shard"), "3/4");
  EXPECT_EQ(RunTask(5, "NARRATE_SHARDS=4").exit_code, 2);
  EXPECT_EQ(Run({"bash", Repo("deploy/slurm/render.sbatch"), "/c", "/b.csv"}).exit_code, 2)
      << "outside an array job";
  EXPECT_TRUE(TakeCalls().empty());
}

TEST_F(SlurmScripts, AssembleBuildsFromTheCacheIntoTheOutput) {
  const CommandResult r = Run({"bash", Repo("deploy/slurm/assemble.sbatch"), "/shared/cache",
                               "/shared/audiobooks", "/shared/books/c.csv", "--voice", "en"},
                              "SLURM_CPUS_PER_TASK=2");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(TakeCalls().at(0), (Args{"build", "/shared/books/c.csv", "--voice", "en", "--cache",
                                     "/shared/cache", "-o", "/shared/audiobooks", "--jobs", "2"}));
  EXPECT_EQ(Run({"bash", Repo("deploy/slurm/assemble.sbatch"), "/c", "/o"}).exit_code, 2);
  EXPECT_TRUE(TakeCalls().empty());
}

// ---- GNU Parallel --------------------------------------------------------------------------

class ParallelScript : public StubTest {
 protected:
  void SetUp() override {
    StubTest::SetUp();
    if (RunCommand("command -v parallel").exit_code != 0) {
      if (const char* ci = std::getenv("CI"); ci != nullptr && std::string(ci) == "true") {
        FAIL() << "GNU Parallel is missing (scripts/packages.txt lists it)";
      }
      GTEST_SKIP() << "GNU Parallel is not installed";
    }
    // Three "hosts", each this machine (":"), among a comment and a blank line.
    WriteFile(dir_ + "/hosts", "# the render hosts\n:\n\n:\n:\n");
  }
  CommandResult RenderSh(const Args& args, const std::string& env = "") {
    Args argv = {Repo("deploy/parallel/render.sh")};
    argv.insert(argv.end(), args.begin(), args.end());
    return Run(argv, env);
  }
  Args Usual() const {
    return {dir_ + "/hosts", dir_ + "/cache", dir_ + "/out", "/books/my catalogue.csv", "-v"};
  }
};

TEST_F(ParallelScript, EachHostRendersAShardThenThisMachineAssembles) {
  const CommandResult r = RenderSh(Usual());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::multiset<std::string> shards;
  int builds = 0;
  for (const Args& call : TakeCalls()) {
    EXPECT_EQ(BooksAndBuildOptions(call), (Args{"/books/my catalogue.csv", "-v"}));
    EXPECT_EQ(OptionValue(call, "--cache"), dir_ + "/cache");
    if (call[0] == "render") shards.insert(OptionValue(call, "--shard"));
    if (call[0] == "build") {
      EXPECT_EQ(OptionValue(call, "-o"), dir_ + "/out");
      ++builds;
    }
  }
  EXPECT_EQ(shards, (std::multiset<std::string>{"1/3", "2/3", "3/3"}));
  EXPECT_EQ(builds, 1);
}

TEST_F(ParallelScript, AFailedShardIsRetriedThenReportedAndNothingIsAssembled) {
  const CommandResult r = RenderSh(Usual(), "NARRATE_STUB_FAIL_SHARD=2/3");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("shard 2/3 failed"), std::string::npos) << r.err;
  int tries_of_2 = 0;
  for (const Args& call : TakeCalls()) {
    EXPECT_EQ(call[0], "render") << "no assembly after a failed shard";
    tries_of_2 += OptionValue(call, "--shard") == "2/3";
  }
  EXPECT_EQ(tries_of_2, 2) << "--retries is 2 by default";
}

TEST_F(ParallelScript, UsageErrorsExitTwoBeforeRunningAnything) {
  const Args relative = {dir_ + "/hosts", "cache", dir_ + "/out", "/b.csv"};
  const Args no_hosts = {dir_ + "/missing", dir_ + "/c", dir_ + "/out", "/b.csv"};
  for (const Args& args : {Args{}, relative, no_hosts, Args{"--retries", "0", "x", "/c", "/o", "b"},
                           Args{"--frobnicate", "x"}}) {
    const CommandResult r = RenderSh(args);
    EXPECT_EQ(r.exit_code, 2) << QuoteAll(args);
    EXPECT_NE(r.err.find("usage: render.sh"), std::string::npos) << r.err;
  }
  EXPECT_TRUE(TakeCalls().empty());
  EXPECT_EQ(RenderSh({"--help"}).exit_code, 0);
}

// ---- Shell syntax --------------------------------------------------------------------------

TEST(DeployScripts, ParseAsBash) {
  for (const char* script : {"deploy/parallel/render.sh", "deploy/slurm/render.sbatch",
                             "deploy/slurm/assemble.sbatch", "scripts/package-names.sh"}) {
    const CommandResult r = RunCommand("bash -n " + Quote(Repo(script)));
    EXPECT_EQ(r.exit_code, 0) << script << ": " << r.err;
    const fs::perms perms = fs::status(Repo(script)).permissions();
    EXPECT_TRUE((perms & fs::perms::owner_exec) != fs::perms::none) << script;
  }
}

// ---- The Containerfile ---------------------------------------------------------------------

struct Instruction {
  int line = 0;         // where it starts, 1-based
  std::string keyword;  // FROM, RUN, ...
  std::string text;     // the rest, continuation lines joined
};

// The Containerfile's instructions: comment lines dropped, "\" continuations joined.
std::vector<Instruction> Instructions(const std::string& text) {
  std::vector<Instruction> out;
  bool continued = false;
  int number = 0;
  for (std::string line : Lines(text)) {
    ++number;
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const bool continues = line.ends_with("\\");
    if (continues) line.pop_back();
    if (continued) {
      out.back().text += " " + line.substr(first);
    } else {
      const std::size_t space = line.find(' ');
      const std::size_t rest = line.find_first_not_of(' ', space);
      out.push_back({number, line.substr(0, space), rest == line.npos ? "" : line.substr(rest)});
    }
    continued = continues;
  }
  return out;
}

// The packages scripts/packages.txt lists, read here on its own: each line less its comment
// is blank or one Debian package name.
std::vector<std::string> ListedPackages() {
  std::vector<std::string> names;
  static const std::regex kName(R"(\s*([a-z0-9][a-z0-9+.-]+)\s*)");
  int number = 0;
  for (const std::string& line : Lines(ReadFile(Repo("scripts/packages.txt")))) {
    ++number;
    const std::string bare = line.substr(0, line.find('#'));
    std::smatch m;
    if (bare.find_first_not_of(" \t") == std::string::npos) continue;
    if (std::regex_match(bare, m, kName)) {
      names.push_back(m[1]);
    } else {
      ADD_FAILURE() << "scripts/packages.txt:" << number << ": not one package name: " << line;
    }
  }
  return names;
}

TEST(Containerfile, InstallsExactlyThePackagesOfPackagesTxt) {
  const std::vector<Instruction> all = Instructions(ReadFile(Repo("deploy/Containerfile")));
  static const std::regex kInstall(
      R"(scripts/package-names\.sh\s*\|\s*(\w+=\S+\s+)*xargs\s+apt-get\s+install(\s+-\S+)*\s*&&)");
  std::size_t installs = 0, copied = 0, pipefail = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Instruction& in = all[i];
    copied += in.keyword == "COPY" && in.text.find("scripts/packages.txt") != in.text.npos &&
              in.text.find("scripts/package-names.sh") != in.text.npos;
    pipefail += in.keyword == "SHELL" && in.text.find("pipefail") != in.text.npos;
    if (in.text.find("apt-get install") == in.text.npos) continue;
    ++installs;
    EXPECT_TRUE(std::regex_search(in.text, kInstall))
        << "Containerfile:" << in.line << ": installs packages not read from packages.txt";
    EXPECT_EQ(copied, 1u) << "packages.txt and package-names.sh are copied before the install";
    EXPECT_EQ(pipefail, 1u) << "a failure of package-names.sh must fail the install";
  }
  EXPECT_EQ(installs, 1u);
  const CommandResult names = RunCommand(Quote(Repo("scripts/package-names.sh")));
  ASSERT_EQ(names.exit_code, 0) << names.err;
  const std::vector<std::string> listed = ListedPackages();
  EXPECT_EQ(Lines(names.out), listed);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), listed.size())
      << "a package listed twice";
}

TEST(Containerfile, BuildsReleaseFromDebianTwelveWithNothingDownloaded) {
  const std::vector<Instruction> all = Instructions(ReadFile(Repo("deploy/Containerfile")));
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].keyword, "FROM");
  EXPECT_EQ(all[0].text, "debian:bookworm-slim");
  std::size_t builds = 0;
  static const std::regex kDownload(R"(\b(curl|wget|git|pip3?|npm|npx)\b)");
  for (const Instruction& in : all) {
    EXPECT_NE(in.keyword, "ADD") << "Containerfile:" << in.line << ": ADD may download";
    EXPECT_FALSE(in.keyword == "FROM" && in.line != all[0].line) << "one stage";
    if (in.keyword != "RUN") continue;
    EXPECT_FALSE(std::regex_search(in.text, kDownload)) << "Containerfile:" << in.line;
    builds += in.text.find("BUILD_TYPE=Release") != in.text.npos &&
              in.text.find("scripts/build.sh") != in.text.npos &&
              in.text.find("cmake --install build --prefix /usr/local") != in.text.npos;
  }
  EXPECT_EQ(builds, 1u);
  EXPECT_EQ(all.back().keyword, "CMD");
  EXPECT_EQ(all[all.size() - 2].keyword, "ENTRYPOINT");
  EXPECT_EQ(all[all.size() - 2].text, "[\"narrate\"]");
}

TEST(Containerfile, ContextLeavesOutBuildsNodeModulesAndAudiobooks) {
  const std::vector<std::string> lines = Lines(ReadFile(Repo(".dockerignore")));
  const std::set<std::string> ignored(lines.begin(), lines.end());
  for (const char* pattern : {"build", "build-*", "node_modules", "audiobooks", ".git"}) {
    EXPECT_TRUE(ignored.contains(pattern)) << pattern;
  }
}

}  // namespace
}  // namespace narrate::testing
