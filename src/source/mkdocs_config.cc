#include "source/mkdocs_config.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <initializer_list>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "util/paths.h"
#include "util/text.h"

namespace prepdeck::source {

namespace {

constexpr int k_max_nav_depth = 32;

std::uint32_t line_of(const YAML::Node& node) {
  const auto mark = node.Mark();
  return mark.line >= 0 ? static_cast<std::uint32_t>(mark.line + 1) : 0;
}

bool is_external(const std::string& target) {
  return target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0 || target.rfind("#", 0) == 0;
}

void read_nav(const YAML::Node& node, std::vector<NavEntry>& out, int depth, MkdocsConfigResult& result) {
  if (depth > k_max_nav_depth) {
    result.warnings.push_back({line_of(node), 0, "nav nests too deep; the rest is ignored"});
    return;
  }
  if (!node.IsSequence()) {
    result.warnings.push_back({line_of(node), 0, "nav entry is not a list"});
    return;
  }
  for (const auto& item : node) {
    NavEntry entry;
    entry.line = line_of(item);
    if (item.IsScalar()) {
      const std::string target = item.Scalar();
      if (is_external(target)) {
        entry.url = target;
      } else {
        entry.page = util::normalize_path(target);
      }
      out.push_back(std::move(entry));
    } else if (item.IsMap() && item.size() >= 1) {
      for (const auto& kv : item) {
        NavEntry e;
        e.line = line_of(kv.first);
        e.title = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        if (kv.second.IsScalar()) {
          const std::string target = kv.second.Scalar();
          if (is_external(target)) {
            e.url = target;
          } else {
            e.page = util::normalize_path(target);
          }
        } else if (kv.second.IsSequence()) {
          read_nav(kv.second, e.children, depth + 1, result);
        } else if (!kv.second.IsNull()) {
          result.warnings.push_back(
              {e.line, 0, fmt::format("nav entry '{}' is neither a page nor a section", e.title)});
          continue;
        }
        out.push_back(std::move(e));
      }
    } else if (!item.IsNull()) {
      result.warnings.push_back({entry.line, 0, "nav entry is neither a page nor a section"});
    }
  }
}

bool truthy(const YAML::Node& node) {
  if (!node || !node.IsScalar()) return false;
  const std::string v = node.Scalar();
  return v == "true" || v == "True" || v == "yes" || v == "on" || v == "1";
}

// toc's `slugify:` as a Python tag: the slug functions of Python-Markdown and
// pymdownx.slugs. Anything else is reported and the default kept.
void read_slugify(const YAML::Node& node, util::SlugRule& rule, MkdocsConfigResult& result) {
  constexpr std::string_view k_name = "tag:yaml.org,2002:python/name:";
  constexpr std::string_view k_apply = "tag:yaml.org,2002:python/object/apply:";
  const std::string& tag = node.Tag();
  const std::string separator = rule.separator;
  if (tag.rfind(k_name, 0) == 0) {
    const std::string function = tag.substr(k_name.size());
    using Case = util::SlugRule::Case;
    util::SlugRule r = util::SlugRule::uslugify();
    if (function == "markdown.extensions.toc.slugify") {
      r = util::SlugRule::python_markdown();
    } else if (function == "pymdownx.slugs.uslugify") {
    } else if (function == "pymdownx.slugs.uslugify_encoded") {
      r.percent_encode = true;
    } else if (function == "pymdownx.slugs.uslugify_cased") {
      r.letter_case = Case::none;
    } else if (function == "pymdownx.slugs.uslugify_cased_encoded") {
      r.letter_case = Case::none;
      r.percent_encode = true;
    } else if (function == "pymdownx.slugs.gfm") {
      r.letter_case = Case::lower_ascii;
    } else if (function == "pymdownx.slugs.gfm_encoded") {
      r.letter_case = Case::lower_ascii;
      r.percent_encode = true;
    } else {
      result.warnings.push_back({line_of(node), 0,
                                 fmt::format("toc slugify {} is not one prepdeck knows; heading ids use "
                                             "Python-Markdown's default slugs",
                                             function)});
      return;
    }
    rule = r;
  } else if (tag == std::string(k_apply) + "pymdownx.slugs.slugify") {
    util::SlugRule r = util::SlugRule::uslugify();
    r.letter_case = util::SlugRule::Case::none;  // slugify()'s own default
    const YAML::Node kwds = node.IsMap() ? node["kwds"] : YAML::Node();
    if (kwds && kwds.IsMap()) {
      if (auto c = kwds["case"]; c && c.IsScalar()) {
        const std::string v = c.Scalar();
        r.letter_case = v == "lower"         ? util::SlugRule::Case::lower
                        : v == "lower-ascii" ? util::SlugRule::Case::lower_ascii
                        : v == "fold"        ? util::SlugRule::Case::fold
                                             : util::SlugRule::Case::none;
      }
      if (auto n = kwds["normalize"]; n && n.IsScalar()) {
        const std::string v = n.Scalar();
        r.form = v == "NFD"    ? util::NormalForm::nfd
                 : v == "NFKC" ? util::NormalForm::nfkc
                 : v == "NFKD" ? util::NormalForm::nfkd
                               : util::NormalForm::nfc;
      }
      r.percent_encode = truthy(kwds["percent_encode"]);
    }
    rule = r;
  } else {
    result.warnings.push_back(
        {line_of(node), 0, "toc slugify is not a function prepdeck knows; heading ids use Python-Markdown's default"});
    return;
  }
  rule.separator = separator;
}

void read_extension(const std::string& name, std::uint32_t line, const YAML::Node& options, MkdocsConfig& config,
                    MkdocsConfigResult& result) {
  config.markdown_extensions.push_back(name);
  config.markdown_extension_lines.push_back(line);
  if (!options || !options.IsMap()) return;
  if (name == "pymdownx.snippets") {
    const auto base = options["base_path"];
    if (base && base.IsScalar()) config.snippet_base_paths.push_back(base.Scalar());
    if (base && base.IsSequence()) {
      for (const auto& entry : base) {
        if (entry.IsScalar()) config.snippet_base_paths.push_back(entry.Scalar());
      }
    }
  } else if (name == "pymdownx.smartsymbols") {
    static constexpr std::array<std::pair<std::string_view, SmartSymbol>, 9> k_options = {{
        {"trademark", k_smart_trademark},
        {"copyright", k_smart_copyright},
        {"registered", k_smart_registered},
        {"plusminus", k_smart_plusminus},
        {"arrows", k_smart_arrows},
        {"notequal", k_smart_notequal},
        {"fractions", k_smart_fractions},
        {"ordinal_numbers", k_smart_ordinal_numbers},
        {"care_of", k_smart_care_of},
    }};
    for (const auto& [option, bit] : k_options) {
      const auto value = options[std::string(option)];
      if (!value || !value.IsScalar()) continue;
      if (truthy(value)) {
        config.smart_symbols = static_cast<std::uint16_t>(config.smart_symbols | bit);
      } else {
        config.smart_symbols = static_cast<std::uint16_t>(config.smart_symbols & ~bit);
      }
    }
  } else if (name == "toc" || name == "markdown.extensions.toc") {
    if (auto sep = options["separator"]; sep && sep.IsScalar()) config.slug.separator = sep.Scalar();
    if (auto slugify = options["slugify"]; slugify && !slugify.IsNull()) read_slugify(slugify, config.slug, result);
    if (auto title = options["title"]; title && title.IsScalar()) config.toc_title = title.Scalar();
    if (auto permalink = options["permalink"]; permalink && permalink.IsScalar()) {
      // YAML's true and false name Python-Markdown's default text and none; any other text is the text.
      const std::string text = permalink.Scalar();
      const std::string lower = util::to_lower_ascii(text);
      if (lower == "true" || lower == "yes" || lower == "on") {
        config.toc_permalink = "\xC2\xB6";  // ¶
      } else if (lower == "false" || lower == "no" || lower == "off" || lower.empty()) {
        config.toc_permalink.clear();
      } else {
        config.toc_permalink = text;
      }
    }
    if (auto title = options["permalink_title"]; title && title.IsScalar()) {
      config.toc_permalink_title = title.Scalar();
    }
  }
}

}  // namespace

MkdocsConfigResult parse_mkdocs_config(std::string_view yaml_text) {
  MkdocsConfigResult result;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    ConfigError error;
    error.line = e.mark.line >= 0 ? static_cast<std::uint32_t>(e.mark.line + 1) : 0;
    error.column = e.mark.column >= 0 ? static_cast<std::uint32_t>(e.mark.column + 1) : 0;
    error.message = e.msg;
    result.error = std::move(error);
    return result;
  }
  if (!root.IsMap()) {
    if (!root.IsNull()) result.error = ConfigError{1, 1, "mkdocs.yml is not a mapping"};
    return result;
  }
  try {
    if (auto n = root["site_name"]; n && n.IsScalar()) result.config.site_name = n.Scalar();
    if (auto n = root["site_description"]; n && n.IsScalar()) result.config.site_description = n.Scalar();
    if (auto n = root["site_url"]; n && n.IsScalar()) result.config.site_url = n.Scalar();
    if (auto n = root["copyright"]; n && n.IsScalar()) result.config.copyright = n.Scalar();
    if (auto n = root["repo_url"]; n && n.IsScalar()) result.config.repo_url = n.Scalar();
    if (auto n = root["repo_name"]; n && n.IsScalar()) result.config.repo_name = n.Scalar();
    if (auto n = root["edit_uri"]; n && (n.IsScalar() || n.IsNull()))
      result.config.edit_uri = n.IsNull() ? std::string() : n.Scalar();
    if (auto theme = root["theme"]; theme && theme.IsMap()) {
      if (auto n = theme["logo"]; n && n.IsScalar()) result.config.theme_logo = n.Scalar();
      if (auto n = theme["favicon"]; n && n.IsScalar()) result.config.theme_favicon = n.Scalar();
      if (auto n = theme["language"]; n && n.IsScalar()) result.config.theme_language = n.Scalar();
      if (auto n = theme["custom_dir"]; n && n.IsScalar()) result.config.theme_custom_dir = n.Scalar();
      // palette: one scheme, or a list of them (light and dark toggles): the first counts.
      YAML::Node palette = theme["palette"];
      if (palette && palette.IsSequence() && palette.size() > 0) palette = palette[0];
      if (palette && palette.IsMap()) {
        if (auto n = palette["primary"]; n && n.IsScalar()) result.config.palette_primary = n.Scalar();
        if (auto n = palette["accent"]; n && n.IsScalar()) result.config.palette_accent = n.Scalar();
        if (auto n = palette["scheme"]; n && n.IsScalar()) result.config.palette_scheme = n.Scalar();
      }
    }
    if (auto extra = root["extra"]; extra && extra.IsMap()) {
      if (auto social = extra["social"]; social && social.IsSequence()) {
        for (const auto& entry : social) {
          if (!entry.IsMap() || !entry["link"] || !entry["link"].IsScalar()) continue;
          SocialLink link;
          link.link = entry["link"].Scalar();
          if (auto n = entry["icon"]; n && n.IsScalar()) link.icon = n.Scalar();
          if (auto n = entry["name"]; n && n.IsScalar()) link.name = n.Scalar();
          result.config.social.push_back(std::move(link));
        }
      }
      if (auto analytics = extra["analytics"]; analytics && analytics.IsMap()) {
        if (auto n = analytics["provider"]; n && n.IsScalar()) result.config.analytics_provider = n.Scalar();
        if (auto n = analytics["property"]; n && n.IsScalar()) result.config.analytics_property = n.Scalar();
      }
    }
    if (auto n = root["use_directory_urls"]; n && n.IsScalar()) result.config.use_directory_urls = truthy(n);
    if (auto n = root["docs_dir"]; n && n.IsScalar() && !n.Scalar().empty())
      result.config.docs_dir = util::normalize_path(n.Scalar());
    if (auto n = root["exclude_docs"]; n && n.IsScalar()) {
      util::for_each_line(n.Scalar(), [&result](std::string_view line) {
        const std::string_view pattern = util::trim(line);
        if (!pattern.empty() && pattern.front() != '#') result.config.exclude_docs.emplace_back(pattern);
      });
    }
    if (auto n = root["extra_javascript"]; n && n.IsSequence()) {
      for (const auto& entry : n) {
        ExtraScript script;
        if (entry.IsScalar()) {
          script.path = entry.Scalar();
        } else if (entry.IsMap() && entry["path"] && entry["path"].IsScalar()) {
          script.path = entry["path"].Scalar();
          if (auto type = entry["type"]; type && type.IsScalar()) script.type = type.Scalar();
          script.async = truthy(entry["async"]);
          script.defer = truthy(entry["defer"]);
        }
        if (!script.path.empty()) result.config.extra_javascript.push_back(std::move(script));
      }
    }
    if (auto n = root["extra_css"]; n && n.IsSequence()) {
      for (const auto& entry : n) {
        if (entry.IsScalar() && !entry.Scalar().empty()) result.config.extra_css.push_back(entry.Scalar());
      }
    }
    if (auto n = root["nav"]; n && !n.IsNull()) {
      result.config.has_nav = true;
      read_nav(n, result.config.nav, 0, result);
    }
    if (auto plugins = root["plugins"]; plugins && plugins.IsSequence()) {
      for (const auto& plugin : plugins) {
        if (plugin.IsScalar() && (plugin.Scalar() == "tags" || plugin.Scalar() == "material/tags"))
          result.config.tags_plugin = true;
        if (!plugin.IsMap()) continue;
        for (const auto& kv : plugin) {
          const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
          if ((name == "mkdocs_quiz" || name == "mkdocs-quiz") && kv.second.IsMap())
            result.config.quiz_shuffle_answers = truthy(kv.second["shuffle_answers"]);
          if (name == "tags" || name == "material/tags") {
            result.config.tags_plugin = true;
            if (kv.second.IsMap() && kv.second["tags_file"] && kv.second["tags_file"].IsScalar())
              result.config.tags_file = util::normalize_path(kv.second["tags_file"].Scalar());
          }
        }
      }
    }
    if (auto extensions = root["markdown_extensions"]; extensions && extensions.IsSequence()) {
      for (const auto& extension : extensions) {
        if (extension.IsScalar()) {
          read_extension(extension.Scalar(), line_of(extension), YAML::Node(), result.config, result);
        } else if (extension.IsMap()) {
          for (const auto& kv : extension) {
            if (kv.first.IsScalar())
              read_extension(kv.first.Scalar(), line_of(kv.first), kv.second, result.config, result);
          }
        }
      }
    }
  } catch (const YAML::Exception& e) {
    result.error = ConfigError{e.mark.line >= 0 ? static_cast<std::uint32_t>(e.mark.line + 1) : 0, 0, e.msg};
  }
  return result;
}

namespace {

// "markdown.extensions.toc" -> "toc"
std::string_view short_extension_name(std::string_view name) {
  constexpr std::string_view k_prefix = "markdown.extensions.";
  if (name.substr(0, k_prefix.size()) == k_prefix) name.remove_prefix(k_prefix.size());
  return name;
}

// Extensions whose syntax prepdeck reads whether or not they are named, and
// ones that change nothing prepdeck shows (codehilite and highlight colour
// code prepdeck colours itself; meta is front matter; smarty and betterem
// only fine-tune typography prepdeck leaves to md4c).
constexpr std::array<std::string_view, 18> k_always_read = {"admonition",
                                                            "attr_list",
                                                            "codehilite",
                                                            "fenced_code",
                                                            "meta",
                                                            "tables",
                                                            "toc",
                                                            "pymdownx.details",
                                                            "pymdownx.superfences",
                                                            "pymdownx.tabbed",
                                                            "pymdownx.tasklist",
                                                            "pymdownx.highlight",
                                                            "pymdownx.inlinehilite",
                                                            "pymdownx.snippets",
                                                            "pymdownx.betterem",
                                                            "pymdownx.magiclink",
                                                            "smarty",
                                                            "sane_lists"};

// The extensions prepdeck honours where they are named, and what each turns
// on; `extra` and `pymdownx.extra` stand for their parts.
struct HonouredExtension {
  std::string_view name;
  std::initializer_list<bool MarkdownExtensions::*> turns_on;
};
const std::array<HonouredExtension, 12> k_honoured = {{
    {"extra",
     {&MarkdownExtensions::abbr, &MarkdownExtensions::def_list, &MarkdownExtensions::footnotes,
      &MarkdownExtensions::md_in_html}},
    {"pymdownx.extra",
     {&MarkdownExtensions::abbr, &MarkdownExtensions::def_list, &MarkdownExtensions::footnotes,
      &MarkdownExtensions::md_in_html}},
    {"abbr", {&MarkdownExtensions::abbr}},
    {"def_list", {&MarkdownExtensions::def_list}},
    {"footnotes", {&MarkdownExtensions::footnotes}},
    {"md_in_html", {&MarkdownExtensions::md_in_html}},
    {"pymdownx.arithmatex", {&MarkdownExtensions::math}},
    {"pymdownx.keys", {&MarkdownExtensions::keys}},
    {"pymdownx.mark", {&MarkdownExtensions::mark}},
    {"pymdownx.caret", {&MarkdownExtensions::caret}},
    {"pymdownx.tilde", {&MarkdownExtensions::tilde}},
    {"pymdownx.emoji", {&MarkdownExtensions::emoji}},
}};

// Honoured too, with options rather than a flag.
constexpr std::string_view k_smartsymbols = "pymdownx.smartsymbols";

const HonouredExtension* find_honoured(std::string_view name) {
  const auto* it = std::ranges::find(k_honoured, name, &HonouredExtension::name);
  return it == k_honoured.end() ? nullptr : it;
}

}  // namespace

MarkdownExtensions enabled_extensions(const MkdocsConfig& config) {
  MarkdownExtensions on = MarkdownExtensions::none();
  for (const std::string& written : config.markdown_extensions) {
    const std::string_view name = short_extension_name(written);
    if (name == k_smartsymbols) on.smart_symbols = config.smart_symbols;
    if (const HonouredExtension* extension = find_honoured(name)) {
      for (bool MarkdownExtensions::*flag : extension->turns_on) on.*flag = true;
    }
  }
  return on;
}

std::vector<std::pair<std::string, std::uint32_t>> unsupported_extensions(const MkdocsConfig& config) {
  std::vector<std::pair<std::string, std::uint32_t>> out;
  for (std::size_t i = 0; i < config.markdown_extensions.size(); ++i) {
    const std::string_view name = short_extension_name(config.markdown_extensions[i]);
    if (std::ranges::find(k_always_read, name) != k_always_read.end() || find_honoured(name) != nullptr ||
        name == k_smartsymbols) {
      continue;
    }
    out.emplace_back(config.markdown_extensions[i],
                     i < config.markdown_extension_lines.size() ? config.markdown_extension_lines[i] : 0);
  }
  return out;
}

bool is_excluded(std::string_view path, const std::vector<std::string>& patterns) {
  bool excluded = false;
  for (const std::string& raw : patterns) {
    std::string_view pattern = raw;
    const bool negated = !pattern.empty() && pattern.front() == '!';
    if (negated) pattern.remove_prefix(1);
    const bool folders_only = !pattern.empty() && pattern.back() == '/';
    if (folders_only) pattern.remove_suffix(1);
    const bool anchored = !pattern.empty() && (pattern.front() == '/' || pattern.find('/') != std::string_view::npos);
    while (!pattern.empty() && pattern.front() == '/') pattern.remove_prefix(1);
    if (pattern.empty()) continue;
    const std::string glob(pattern);
    // `**` crosses folders; otherwise `*` stays within one name.
    const int flags = glob.find("**") != std::string::npos ? 0 : FNM_PATHNAME;
    // The candidates: every folder on the path, then (unless folders only) the file itself.
    bool matched = false;
    for (std::size_t end = path.find('/'); !matched; end = path.find('/', end + 1)) {
      const bool is_file = end == std::string_view::npos;
      if (is_file && folders_only) break;
      const std::string candidate(is_file ? path : path.substr(0, end));
      const std::string name = util::file_name(candidate);
      matched = fnmatch(glob.c_str(), anchored ? candidate.c_str() : name.c_str(), flags) == 0;
      if (is_file) break;
    }
    if (matched) excluded = !negated;
  }
  return excluded;
}

}  // namespace prepdeck::source
