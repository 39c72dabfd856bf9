// Registers the arm ids with the core: "arm/<task>" (goal observable) and
// "arm/<task>-goal-hidden" for every task.
#include "arm_env.hpp"
#include "arm_ode.hpp"

namespace csim {
namespace arm {

extern const Task kReachTask, kPushTask, kPickPlaceTask, kDrawerOpenTask, kDrawerCloseTask,
    kButtonPressTopdownTask, kWindowOpenTask, kWindowCloseTask, kSweepIntoTask, kSoccerTask,
    kDoorOpenTask, kPegInsertSideTask;

const Task* const* all_tasks(int* count) {
  static const Task* const kTasks[] = {&kReachTask, &kPushTask, &kPickPlaceTask, &kDrawerOpenTask, &kDrawerCloseTask,
                                       &kButtonPressTopdownTask, &kDoorOpenTask, &kWindowOpenTask, &kWindowCloseTask, &kPegInsertSideTask,
                                       &kSweepIntoTask, &kSoccerTask};
  *count = static_cast<int>(sizeof(kTasks) / sizeof(kTasks[0]));
  return kTasks;
}

}  // namespace arm

void register_arm_kinds(std::vector<const EnvKind*>& out) {
  // Built once and never freed, like every kind. Visible-goal ids first, then hidden ones.
  static const std::vector<arm::ArmKind*> kinds = [] {
    std::vector<arm::ArmKind*> all;
    int count = 0;
    const arm::Task* const* tasks = arm::all_tasks(&count);
    for (int visible = 1; visible >= 0; --visible) {
      for (int i = 0; i < count; ++i) all.push_back(new arm::ArmKind(*tasks[i], visible == 1));
    }
    return all;
  }();
  for (const arm::ArmKind* kind : kinds) out.push_back(kind);
}

}  // namespace csim
