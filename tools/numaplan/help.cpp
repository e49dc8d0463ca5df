// numaplan help [COMMAND]: the same text as --help, for those who type it as
// a command (git, cargo and go do).
#include <iostream>
#include <memory>

#include "commands.h"

namespace numaplan::cli {

Command add_help_command(CLI::App& app) {
  auto topic = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("help", "Show numaplan's commands, or one COMMAND's options");
  cmd->add_option("COMMAND", *topic, "A command")->check([&app](const std::string& name) {
    const auto named = app.get_subcommands([&name](const CLI::App* command) { return command->get_name() == name; });
    return !named.empty() && name != "help" ? std::string()
                                            : "no command \"" + name + "\"; 'numaplan help' lists the commands";
  });
  return {cmd, [&app, topic] {
            const CLI::App* command = topic->empty() ? &app : app.get_subcommand(*topic);
            std::cout << command->get_formatter()->make_help(command, topic->empty() ? "numaplan" : "numaplan " + *topic,
                                                             CLI::AppFormatMode::Normal);
            return kExitOk;
          }};
}

}  // namespace numaplan::cli
