//! Every name and alias Hugo accepts for the functions of this crate, for a host to register
//! in bulk.

use std::collections::BTreeMap;
use std::sync::Arc;

use gotemplate::{Callable, Value};

use crate::cast::Res;
use crate::env::Env;
use crate::*;

/// One template function: most need only their arguments, a few the site's [`Env`].
#[derive(Clone, Copy)]
pub enum Function {
    Plain(fn(&[Value]) -> Res<Value>),
    Site(fn(&Env, &[Value]) -> Res<Value>),
}

impl Function {
    pub fn call(&self, env: &Env, args: &[Value]) -> Res<Value> {
        match self {
            Function::Plain(f) => f(args),
            Function::Site(f) => f(env, args),
        }
    }
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Function::Plain(_) => "Function::Plain",
            Function::Site(_) => "Function::Site",
        })
    }
}

/// Names Hugo has that need the site: a host registers these itself.
pub const HOST_FUNCTIONS: &[&str] = &[
    "partial",
    "partialCached",
    "partials.Include",
    "partials.IncludeCached",
    "templates.Exists",
    "templates.Defer",
    "templates.Current",
    "resources.Get",
    "resources.GetRemote",
    "resources.GetMatch",
    "resources.Match",
    "resources.ByType",
    "resources.Concat",
    "resources.FromString",
    "resources.ExecuteAsTemplate",
    "resources.Fingerprint",
    "fingerprint",
    "resources.Minify",
    "minify",
    "resources.ToCSS",
    "toCSS",
    "resources.PostCSS",
    "postCSS",
    "resources.Babel",
    "babel",
    "resources.Copy",
    "resources.PostProcess",
    "css.Sass",
    "css.PostCSS",
    "css.TailwindCSS",
    "js.Build",
    "js.Babel",
    "js.Batch",
    "images.Filter",
    "images.Process",
    "images.Config",
    "imageConfig",
    "i18n",
    "T",
    "lang.Translate",
    "lang.Merge",
    "ref",
    "relref",
    "urls.Ref",
    "urls.RelRef",
    "markdownify",
    "transform.Markdownify",
    "highlight",
    "transform.Highlight",
    "transform.HighlightCodeBlock",
    "transform.CanHighlight",
    "transform.ToMath",
    "transform.Remarshal",
    "getJSON",
    "getCSV",
    "data.GetJSON",
    "data.GetCSV",
    "readFile",
    "os.ReadFile",
    "fileExists",
    "os.FileExists",
    "readDir",
    "os.ReadDir",
    "os.Stat",
    "hugo",
    "site",
    "page",
    "openapi3.Unmarshal",
    "diagrams.Goat",
    "debug.Timer",
];

/// Whether `name` (one of [`HOST_FUNCTIONS`]) is a Hugo Pipes function: one that makes or
/// transforms a resource, which a host without an asset pipeline answers with an empty one.
pub fn is_pipes_function(name: &str) -> bool {
    let namespaced = ["resources.", "css.", "js.", "images."]
        .iter()
        .any(|ns| name.starts_with(ns));
    (namespaced && name != "images.Config")
        || matches!(
            name,
            "fingerprint" | "minify" | "toCSS" | "postCSS" | "babel"
        )
}

macro_rules! table {
    ($( $kind:ident $f:path => [$($name:literal),+ $(,)?] ),+ $(,)?) => {{
        let mut m: BTreeMap<&'static str, Function> = BTreeMap::new();
        $( $( m.insert($name, Function::$kind($f)); )+ )+
        m
    }};
}

/// Every function of this crate under each name Hugo accepts for it.
pub fn functions() -> BTreeMap<&'static str, Function> {
    table! {
        // collections
        Plain collections::after => ["after", "collections.After"],
        Plain collections::append => ["append", "collections.Append"],
        Site collections::apply => ["apply", "collections.Apply"],
        Plain collections::complement => ["complement", "collections.Complement"],
        Plain collections::d => ["collections.D"],
        Plain collections::delimit => ["delimit", "collections.Delimit"],
        Plain collections::dict => ["dict", "collections.Dictionary"],
        Plain collections::first => ["first", "collections.First"],
        Plain collections::group => ["group", "collections.Group"],
        Plain collections::in_fn => ["in", "collections.In"],
        Plain collections::index => ["index", "collections.Index"],
        Plain collections::intersect => ["intersect", "collections.Intersect"],
        Plain collections::isset => ["isset", "isSet", "collections.IsSet"],
        Plain collections::key_vals => ["keyVals", "collections.KeyVals"],
        Plain collections::last => ["last", "collections.Last"],
        Plain collections::merge => ["merge", "collections.Merge"],
        Plain collections::new_scratch => ["newScratch", "collections.NewScratch"],
        Plain collections::querify => ["querify", "collections.Querify"],
        Plain collections::reverse => ["collections.Reverse"],
        Plain collections::seq => ["seq", "collections.Seq"],
        Plain collections::shuffle => ["shuffle", "collections.Shuffle"],
        Plain collections::slice => ["slice", "collections.Slice"],
        Plain sort::sort_fn => ["sort", "collections.Sort"],
        Plain collections::symdiff => ["symdiff", "collections.SymDiff"],
        Plain collections::union => ["union", "collections.Union"],
        Plain collections::uniq => ["uniq", "collections.Uniq"],
        Plain where_::where_fn => ["where", "collections.Where"],
        // compare
        Plain compare::default => ["default", "compare.Default"],
        Plain compare::eq => ["eq", "compare.Eq"],
        Plain compare::ne => ["ne", "compare.Ne"],
        Plain compare::lt => ["lt", "compare.Lt"],
        Plain compare::le => ["le", "compare.Le"],
        Plain compare::gt => ["gt", "compare.Gt"],
        Plain compare::ge => ["ge", "compare.Ge"],
        Plain compare::conditional => ["cond", "compare.Conditional"],
        // strings
        Plain strings::chomp => ["chomp", "strings.Chomp"],
        Plain strings::contains => ["strings.Contains"],
        Plain strings::contains_any => ["strings.ContainsAny"],
        Plain strings::contains_non_space => ["strings.ContainsNonSpace"],
        Plain strings::count => ["strings.Count"],
        Plain strings::count_runes => ["countrunes", "strings.CountRunes"],
        Plain strings::count_words => ["countwords", "strings.CountWords"],
        Plain strings::diff => ["strings.Diff"],
        Plain strings::find_re => ["findRE", "strings.FindRE"],
        Plain strings::find_re_submatch => ["findRESubmatch", "strings.FindRESubmatch"],
        Plain strings::first_upper => ["strings.FirstUpper"],
        Plain strings::has_prefix => ["hasPrefix", "strings.HasPrefix"],
        Plain strings::has_suffix => ["hasSuffix", "strings.HasSuffix"],
        Plain strings::repeat => ["strings.Repeat"],
        Plain strings::replace => ["replace", "strings.Replace"],
        Plain strings::replace_re => ["replaceRE", "strings.ReplaceRE"],
        Plain strings::rune_count => ["strings.RuneCount"],
        Plain strings::slicestr => ["slicestr", "strings.SliceString"],
        Plain strings::split => ["split", "strings.Split"],
        Plain strings::substr => ["substr", "strings.Substr"],
        Site strings::title => ["title", "strings.Title"],
        Plain strings::lower => ["lower", "strings.ToLower"],
        Plain strings::upper => ["upper", "strings.ToUpper"],
        Plain strings::trim => ["trim", "strings.Trim"],
        Plain strings::trim_left => ["strings.TrimLeft"],
        Plain strings::trim_prefix => ["strings.TrimPrefix"],
        Plain strings::trim_right => ["strings.TrimRight"],
        Plain strings::trim_space => ["strings.TrimSpace"],
        Plain strings::trim_suffix => ["strings.TrimSuffix"],
        Plain strings::truncate => ["truncate", "strings.Truncate"],
        // math
        Plain math::add => ["add", "math.Add"],
        Plain math::sub => ["sub", "math.Sub"],
        Plain math::mul => ["mul", "math.Mul"],
        Plain math::div => ["div", "math.Div"],
        Plain math::modulo => ["mod", "math.Mod"],
        Plain math::mod_bool => ["modBool", "math.ModBool"],
        Plain math::abs => ["math.Abs"],
        Plain math::ceil => ["math.Ceil"],
        Plain math::floor => ["math.Floor"],
        Plain math::round => ["math.Round"],
        Plain math::log => ["math.Log"],
        Plain math::sqrt => ["math.Sqrt"],
        Plain math::pow => ["math.Pow"],
        Plain math::max => ["math.Max"],
        Plain math::min => ["math.Min"],
        Plain math::sum => ["math.Sum"],
        Plain math::product => ["math.Product"],
        Plain math::counter => ["math.Counter"],
        Plain math::rand => ["math.Rand"],
        Plain math::pi => ["math.Pi"],
        Plain math::max_int64 => ["math.MaxInt64"],
        Plain math::sin => ["math.Sin"],
        Plain math::cos => ["math.Cos"],
        Plain math::tan => ["math.Tan"],
        Plain math::asin => ["math.Asin"],
        Plain math::acos => ["math.Acos"],
        Plain math::atan => ["math.Atan"],
        Plain math::atan2 => ["math.Atan2"],
        Plain math::to_degrees => ["math.ToDegrees"],
        Plain math::to_radians => ["math.ToRadians"],
        // time
        Site time::as_time_fn => ["time", "time.AsTime"],
        Site time::format_fn => ["dateFormat", "time.Format"],
        Site time::now_fn => ["now", "time.Now"],
        Plain time::parse_duration_fn => ["time.ParseDuration"],
        Plain time::duration_fn => ["duration", "time.Duration"],
        // urls
        Site urls::abs_url => ["absURL", "urls.AbsURL"],
        Site urls::rel_url => ["relURL", "urls.RelURL"],
        Site urls::abs_lang_url => ["absLangURL", "urls.AbsLangURL"],
        Site urls::rel_lang_url => ["relLangURL", "urls.RelLangURL"],
        Plain urls::urlize => ["urlize", "urls.URLize"],
        Plain urls::anchorize => ["anchorize", "urls.Anchorize"],
        Plain urls::parse => ["urls.Parse"],
        Plain urls::join_path => ["urls.JoinPath"],
        // transform
        Plain transform::html_escape => ["htmlEscape", "transform.HTMLEscape"],
        Plain transform::html_unescape => ["htmlUnescape", "transform.HTMLUnescape"],
        Plain transform::plainify => ["plainify", "transform.Plainify"],
        Plain transform::emojify => ["emojify", "transform.Emojify"],
        Plain transform::xml_escape => ["transform.XMLEscape"],
        Plain transform::unmarshal => ["unmarshal", "transform.Unmarshal"],
        // safe
        Plain safe::safe_html => ["safeHTML", "safe.HTML"],
        Plain safe::safe_html_attr => ["safeHTMLAttr", "safe.HTMLAttr"],
        Plain safe::safe_css => ["safeCSS", "safe.CSS"],
        Plain safe::safe_js => ["safeJS", "safe.JS"],
        Plain safe::safe_js_str => ["safeJSStr", "safe.JSStr"],
        Plain safe::safe_url => ["safeURL", "safe.URL"],
        // crypto, hash
        Plain crypto::md5 => ["md5", "crypto.MD5"],
        Plain crypto::sha1 => ["sha1", "crypto.SHA1"],
        Plain crypto::sha256 => ["sha256", "crypto.SHA256"],
        Plain crypto::hmac => ["hmac", "crypto.HMAC"],
        Plain crypto::fnv32a => ["hash.FNV32a"],
        Plain crypto::xxhash => ["hash.XxHash"],
        // encoding
        Plain encoding::jsonify => ["jsonify", "encoding.Jsonify"],
        Plain encoding::base64_encode => ["base64Encode", "encoding.Base64Encode"],
        Plain encoding::base64_decode => ["base64Decode", "encoding.Base64Decode"],
        // fmt
        Plain fmt::print => ["print", "fmt.Print"],
        Plain fmt::printf => ["printf", "fmt.Printf"],
        Plain fmt::println => ["println", "fmt.Println"],
        Site fmt::errorf => ["errorf", "fmt.Errorf"],
        Site fmt::warnf => ["warnf", "fmt.Warnf"],
        Site fmt::erroridf => ["erroridf", "fmt.Erroridf"],
        Site fmt::warnidf => ["warnidf", "fmt.Warnidf"],
        // inflect
        Plain inflect::humanize => ["humanize", "inflect.Humanize"],
        Plain inflect::pluralize => ["pluralize", "inflect.Pluralize"],
        Plain inflect::singularize => ["singularize", "inflect.Singularize"],
        // path
        Plain path::base_fn => ["path.Base"],
        Plain path::base_name_fn => ["path.BaseName"],
        Plain path::clean_fn => ["path.Clean"],
        Plain path::dir_fn => ["path.Dir"],
        Plain path::ext_fn => ["path.Ext"],
        Plain path::join_fn => ["path.Join"],
        Plain path::split_fn => ["path.Split"],
        // reflect, cast, os, debug
        Plain misc::is_map => ["reflect.IsMap"],
        Plain misc::is_slice => ["reflect.IsSlice"],
        Plain misc::to_int_fn => ["int", "cast.ToInt"],
        Plain misc::to_float_fn => ["float", "cast.ToFloat"],
        Plain misc::to_string_fn => ["string", "cast.ToString"],
        Site misc::getenv => ["getenv", "os.Getenv"],
        Plain misc::dump => ["debug.Dump"],
        // lang
        Site lang::format_number => ["lang.FormatNumber"],
        Plain lang::format_number_custom => ["lang.FormatNumberCustom"],
        Site lang::format_percent => ["lang.FormatPercent"],
        Site lang::format_currency => ["lang.FormatCurrency"],
        Site lang::format_accounting => ["lang.FormatAccounting"],
    }
}

/// The functions bound to an environment, ready to register: each name with a callable.
pub fn bind(env: Arc<Env>) -> BTreeMap<&'static str, Arc<dyn Callable>> {
    functions()
        .into_iter()
        .map(|(name, f)| {
            let env = env.clone();
            let c: Arc<dyn Callable> = Arc::new(move |args: &[Value]| f.call(&env, args));
            (name, c)
        })
        .collect()
}
