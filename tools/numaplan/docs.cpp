// numaplan docs man|bash|zsh (hidden): the man page and the shell completions,
// written from the same option definitions that parse the command line, so
// that none is a second copy to keep in step. The build runs it
// (CMakeLists.txt) and `cmake --install` installs what it writes.
#include <cctype>
#include <iostream>
#include <memory>

#include "numaplan/version.h"
#include "commands.h"

namespace numaplan::cli {
namespace {

std::vector<const CLI::App*> commands_of(const CLI::App& app) {
  std::vector<const CLI::App*> out;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App* c) { return !c->get_group().empty(); })) {
    out.push_back(command);
  }
  return out;
}

std::vector<const CLI::Option*> named_options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return !o->get_positional(); });
}

// numaplan's own options (-v, --version) that may follow a command; the
// command has its own --help.
std::vector<const CLI::Option*> global_options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return !o->get_positional() && o->get_name() != "--help"; });
}

bool is_flag(const CLI::Option& option) { return option.get_expected_max() == 0; }

// "--format" -> "FORMAT": the value's name in the synopsis.
std::string value_name(const CLI::Option& option) {
  std::string name = option.get_lnames().empty() ? option.get_name() : option.get_lnames().front();
  for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// The values an IsMember check allows, from CLI11's type name "TEXT:{a,b}".
std::vector<std::string> allowed_values(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const std::size_t open = type.find('{'), close = type.find('}');
  std::vector<std::string> values;
  if (open == std::string::npos || close == std::string::npos || close < open) return values;
  std::string value;
  for (const char c : type.substr(open + 1, close - open - 1)) {
    if (c == ',') {
      values.push_back(value);
      value.clear();
    } else {
      value += c;
    }
  }
  values.push_back(value);
  return values;
}

std::vector<std::string> all_names(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const std::string& s : option.get_snames()) names.push_back("-" + s);
  for (const std::string& l : option.get_lnames()) names.push_back("--" + l);
  return names;
}

// roff: a backslash is \e, a minus \-, and a line must not start with . or '.
std::string roff(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

void man_options(const CLI::App& app, std::string& out) {
  for (const CLI::Option* option : named_options(app)) {
    out += ".TP\n";
    std::string names;
    for (const std::string& name : all_names(*option)) names += (names.empty() ? "" : ", ") + ("\\fB" + roff(name) + "\\fR");
    if (!is_flag(*option)) names += " \\fI" + value_name(*option) + "\\fR";
    out += names + "\n" + roff(option->get_description()) + "\n";
  }
  for (const CLI::Option* option : app.get_options([](const CLI::Option* o) { return o->get_positional(); })) {
    out += ".TP\n\\fI" + roff(option->get_name()) + "\\fR" + (option->get_items_expected_max() > 1 ? "..." : "") + "\n" +
           roff(option->get_description()) + "\n";
  }
}

std::string usage(const CLI::App& command) {
  std::string out = "numaplan " + command.get_name() + " [OPTIONS]";
  for (const CLI::Option* option : command.get_options([](const CLI::Option* o) { return o->get_positional(); })) {
    const std::string name = option->get_name() + (option->get_items_expected_max() > 1 ? "..." : "");
    out += " " + (option->get_required() ? name : "[" + name + "]");
  }
  return out;
}

std::string man_page(const CLI::App& app) {
  std::string out = ".TH NUMAPLAN 1 \"\" \"numaplan " + std::string(kVersion) + "\" \"User Commands\"\n";
  out += ".SH NAME\nnumaplan \\- " + roff(app.get_description().substr(app.get_description().find(": ") + 2)) + "\n";
  out += ".SH SYNOPSIS\n";
  for (const CLI::App* command : commands_of(app)) out += ".B " + roff(usage(*command)) + "\n.br\n";
  out += ".SH DESCRIPTION\n" + roff(app.get_description()) + ".\n" + roff(app.get_footer()) + "\n";
  out += ".SH OPTIONS\n";
  man_options(app, out);
  out += ".SH COMMANDS\n";
  for (const CLI::App* command : commands_of(app)) {
    out += ".SS \"" + roff(usage(*command)) + "\"\n" + roff(command->get_description()) + ".\n";
    man_options(*command, out);
  }
  out += ".SH \"EXIT STATUS\"\n"
         ".TP\n" + std::to_string(kExitOk) + "\nSuccess: the tables decoded cleanly, no error found, the log matches.\n"
         ".TP\n" + std::to_string(kExitFindings) +
         "\nA table has an error, validate found an error, map \\-\\-compare\\-dmesg found a difference, or "
         "map \\-\\-strict saw the kernel reject the tables.\n"
         ".TP\n" + std::to_string(kExitUsage) + "\nUsage error.\n"
         ".TP\n" + std::to_string(kExitUnreadable) +
         "\nAn input is missing, unreadable, or holds no table numaplan decodes.\n"
         "With \\-\\-each, the worst machine's status.\n";
  out += ".SH \"SEE ALSO\"\n.BR acpidump (1),\n.BR iasl (1),\n.BR numactl (8),\n.BR fwts (1)\n";
  return out;
}

std::string words(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& w : list) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string bash_completion(const CLI::App& app) {
  std::vector<std::string> command_names, global;
  for (const CLI::App* command : commands_of(app)) command_names.push_back(command->get_name());
  for (const CLI::Option* option : named_options(app)) {
    for (const std::string& name : all_names(*option)) global.push_back(name);
  }
  // A `case` pattern: the command names separated by '|'.
  std::string any_command = words(command_names);
  for (char& c : any_command) c = c == ' ' ? '|' : c;
  std::string out = "# bash completion for numaplan " + std::string(kVersion) + ", written by `numaplan docs bash`\n";
  out += "_numaplan() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command= i\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case ${COMP_WORDS[i]} in\n"
         "      " + any_command + ") command=${COMP_WORDS[i]}; break ;;\n"
         "    esac\n"
         "  done\n"
         "  case $command:$prev in\n";
  for (const CLI::App* command : commands_of(app)) {
    for (const CLI::Option* option : named_options(*command)) {
      if (is_flag(*option)) continue;
      std::string names;
      for (const std::string& name : all_names(*option)) names += (names.empty() ? "" : "|") + command->get_name() + ":" + name;
      const std::vector<std::string> values = allowed_values(*option);
      // An option whose values are not a list takes a file name (or free text): bash's default completion.
      out += "    " + names + ") " +
             (values.empty() ? std::string("return ;;")
                             : "COMPREPLY=($(compgen -W \"" + words(values) + "\" -- \"$cur\")); return ;;") +
             "\n";
    }
  }
  out += "  esac\n"
         "  case $command in\n"
         "    \"\") COMPREPLY=($(compgen -W \"" + words(command_names) + " " + words(global) + "\" -- \"$cur\")) ;;\n";
  for (const CLI::App* command : commands_of(app)) {
    std::vector<std::string> options;
    for (const CLI::Option* option : named_options(*command)) {
      for (const std::string& name : all_names(*option)) options.push_back(name);
    }
    for (const CLI::Option* option : global_options(app)) {
      for (const std::string& name : all_names(*option)) options.push_back(name);
    }
    out += "    " + command->get_name() + ") ";
    if (command->get_name() == "help") {
      std::vector<std::string> others;
      for (const std::string& name : command_names) {
        if (name != "help") others.push_back(name);
      }
      out += "COMPREPLY=($(compgen -W \"" + words(others) + "\" -- \"$cur\")) ;;\n";
      continue;
    }
    out += "[[ $cur == -* ]] && COMPREPLY=($(compgen -W \"" + words(options) + "\" -- \"$cur\")) ;;\n";
  }
  out += "  esac\n"
         "}\n"
         "complete -o default -F _numaplan numaplan\n";
  return out;
}

// zsh's _arguments spec text: ' closes the quoting, [ ] delimit a
// description (a colon after the first is part of it).
std::string zsh(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '[' || c == ']' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string zsh_specs(const std::vector<const CLI::Option*>& options, const std::string& indent) {
  std::string out;
  for (const CLI::Option* option : options) {
    const std::vector<std::string> names = all_names(*option);
    std::string value;
    if (!is_flag(*option)) {
      const std::vector<std::string> values = allowed_values(*option);
      value = ":" + zsh(value_name(*option)) + ":" + (values.empty() ? "_files" : "(" + words(values) + ")");
    }
    const std::string help = "[" + zsh(option->get_description()) + "]" + value;
    if (names.size() == 1) {
      out += indent + "'" + names.front() + help + "'";
    } else {
      out += indent + "'(" + words(names) + ")'{" ;
      for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + names[i];
      out += "}'" + help + "'";
    }
    out += " \\\n";
  }
  return out;
}

std::string zsh_completion(const CLI::App& app) {
  std::string out = "#compdef numaplan\n# zsh completion for numaplan " + std::string(kVersion) +
                    ", written by `numaplan docs zsh`\n"
                    "_numaplan() {\n"
                    "  local -a commands\n"
                    "  local curcontext=$curcontext state line\n"
                    "  commands=(\n";
  for (const CLI::App* command : commands_of(app)) {
    out += "    '" + command->get_name() + ":" + zsh(command->get_description()) + "'\n";
  }
  out += "  )\n  _arguments -C \\\n" + zsh_specs(named_options(app), "    ") +
         "    '1: :->command' \\\n"
         "    '*:: :->arguments'\n"
         "  case $state in\n"
         "    command) _describe 'command' commands ;;\n"
         "    arguments)\n"
         "      case $words[1] in\n";
  for (const CLI::App* command : commands_of(app)) {
    out += "        " + command->get_name() + ")\n          _arguments \\\n" +
           zsh_specs(named_options(*command), "            ") + zsh_specs(global_options(app), "            ");
    // An action that starts with a space is run as written: without it,
    // _arguments puts compadd options after _describe's name and it offers nothing.
    out += command->get_name() == "help" ? "            '1:command: _describe command commands'"
                                         : "            '*:path:_files'";
    out += " ;;\n";
  }
  out += "      esac ;;\n"
         "  esac\n"
         "}\n"
         "_numaplan \"$@\"\n";
  return out;
}

}  // namespace

Command add_docs_command(CLI::App& app) {
  auto what = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("docs", "Write the man page or a shell completion script");
  cmd->group("");  // for the build, not listed in --help
  cmd->add_option("WHAT", *what, "man, bash or zsh")->required()->check(CLI::IsMember({"man", "bash", "zsh"}));
  return {cmd, [&app, what] {
            std::cout << (*what == "man" ? man_page(app) : *what == "bash" ? bash_completion(app) : zsh_completion(app));
            return kExitOk;
          }};
}

}  // namespace numaplan::cli
