//! Month and day names and the named date layouts of the languages Hugo's `time.Format`
//! localizes, as Hugo 0.168 prints them (its CLDR tables, quirks included: Japanese and
//! Korean have no abbreviated month names, Russian months are in the genitive, and English
//! writes `pm` in lower case, after a narrow no-break space).

pub struct Locale {
    pub lang: &'static str,
    pub months: [&'static str; 12],
    pub short_months: [&'static str; 12],
    /// From Sunday, as Go's `time.Weekday`.
    pub days: [&'static str; 7],
    pub short_days: [&'static str; 7],
}

pub const EN: Locale = Locale {
    lang: "en",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    short_months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    days: [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ],
    short_days: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
};

const LOCALES: &[Locale] = &[
    EN,
    Locale {
        lang: "zh",
        months: [
            "一月",
            "二月",
            "三月",
            "四月",
            "五月",
            "六月",
            "七月",
            "八月",
            "九月",
            "十月",
            "十一月",
            "十二月",
        ],
        short_months: [
            "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
        ],
        days: [
            "星期日",
            "星期一",
            "星期二",
            "星期三",
            "星期四",
            "星期五",
            "星期六",
        ],
        short_days: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    },
    Locale {
        lang: "de",
        months: [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        short_months: [
            "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
            "Dez.",
        ],
        days: [
            "Sonntag",
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
        ],
        short_days: ["So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."],
    },
    Locale {
        lang: "fr",
        months: [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        short_months: [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ],
        days: [
            "dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
        ],
        short_days: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    },
    Locale {
        lang: "ja",
        months: [
            "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
        ],
        short_months: ["", "", "", "", "", "", "", "", "", "", "", ""],
        days: [
            "日曜日",
            "月曜日",
            "火曜日",
            "水曜日",
            "木曜日",
            "金曜日",
            "土曜日",
        ],
        short_days: ["日", "月", "火", "水", "木", "金", "土"],
    },
    Locale {
        lang: "es",
        months: [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        short_months: [
            "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
        ],
        days: [
            "domingo",
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
        ],
        short_days: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
    },
    Locale {
        lang: "it",
        months: [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        short_months: [
            "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
        ],
        days: [
            "domenica",
            "lunedì",
            "martedì",
            "mercoledì",
            "giovedì",
            "venerdì",
            "sabato",
        ],
        short_days: ["dom", "lun", "mar", "mer", "gio", "ven", "sab"],
    },
    Locale {
        lang: "ru",
        months: [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ],
        short_months: [
            "янв.",
            "февр.",
            "мар.",
            "апр.",
            "мая",
            "июн.",
            "июл.",
            "авг.",
            "сент.",
            "окт.",
            "нояб.",
            "дек.",
        ],
        days: [
            "воскресенье",
            "понедельник",
            "вторник",
            "среда",
            "четверг",
            "пятница",
            "суббота",
        ],
        short_days: ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
    },
    Locale {
        lang: "pt",
        months: [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        short_months: [
            "jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.",
            "dez.",
        ],
        days: [
            "domingo",
            "segunda-feira",
            "terça-feira",
            "quarta-feira",
            "quinta-feira",
            "sexta-feira",
            "sábado",
        ],
        short_days: ["dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb."],
    },
    Locale {
        lang: "ko",
        months: [
            "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월",
        ],
        short_months: ["", "", "", "", "", "", "", "", "", "", "", ""],
        days: [
            "일요일",
            "월요일",
            "화요일",
            "수요일",
            "목요일",
            "금요일",
            "토요일",
        ],
        short_days: ["일", "월", "화", "수", "목", "금", "토"],
    },
    Locale {
        lang: "he",
        months: [
            "ינואר",
            "פברואר",
            "מרץ",
            "אפריל",
            "מאי",
            "יוני",
            "יולי",
            "אוגוסט",
            "ספטמבר",
            "אוקטובר",
            "נובמבר",
            "דצמבר",
        ],
        short_months: [
            "ינו׳", "פבר׳", "מרץ", "אפר׳", "מאי", "יוני", "יולי", "אוג׳", "ספט׳", "אוק׳", "נוב׳",
            "דצמ׳",
        ],
        days: [
            "יום ראשון",
            "יום שני",
            "יום שלישי",
            "יום רביעי",
            "יום חמישי",
            "יום שישי",
            "יום שבת",
        ],
        short_days: [
            "יום א׳",
            "יום ב׳",
            "יום ג׳",
            "יום ד׳",
            "יום ה׳",
            "יום ו׳",
            "שבת",
        ],
    },
];

/// The locale of a language code (`zh-cn` and `zh` alike); English for one not listed.
pub fn find(lang: &str) -> &'static Locale {
    let base = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LOCALES
        .iter()
        .find(|l| l.lang == base)
        .unwrap_or(&LOCALES[0])
}

/// The parts of a time a named layout prints.
pub struct Fields {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub weekday: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub zone: String,
}

/// One of Hugo's named layouts (`date_long` ...) in the locale's pattern; `None` for a name
/// that is not one.
pub fn named(l: &Locale, name: &str, f: &Fields) -> Option<String> {
    let (y, mo, d) = (f.year, f.month, f.day);
    let yy = y % 100;
    let month = l.months[mo as usize - 1];
    let mon = l.short_months[mo as usize - 1];
    let wd = l.days[f.weekday as usize];
    let (h, mi, s, z) = (f.hour, f.minute, f.second, &f.zone);
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    let ampm = if h >= 12 { "pm" } else { "am" };
    let kind = match name {
        "date_full" => 0,
        "date_long" => 1,
        "date_medium" => 2,
        "date_short" => 3,
        "time_full" => 4,
        "time_long" => 5,
        "time_medium" => 6,
        "time_short" => 7,
        _ => return None,
    };
    // 24-hour clock with and without a leading zero, the common time patterns.
    let hms0 = format!("{h:02}:{mi:02}:{s:02}");
    let hm0 = format!("{h:02}:{mi:02}");
    let hms = format!("{h}:{mi:02}:{s:02}");
    let hm = format!("{h}:{mi:02}");
    let european = |full: String, long: String, medium: String, short: String| match kind {
        0 => full,
        1 => long,
        2 => medium,
        3 => short,
        4 | 5 => format!("{hms0} {z}"),
        6 => hms0.clone(),
        _ => hm0.clone(),
    };
    Some(match l.lang {
        "zh" => match kind {
            0 => format!("{y}年{mo}月{d}日{wd}"),
            1 | 2 => format!("{y}年{mo}月{d}日"),
            3 => format!("{yy:02}/{mo}/{d}"),
            4 | 5 => format!("{z} {hms0}"),
            6 => hms0,
            _ => hm0,
        },
        "de" => european(
            format!("{wd}, {d}. {month} {y}"),
            format!("{d}. {month} {y}"),
            format!("{d:02}.{mo:02}.{y}"),
            format!("{d:02}.{mo:02}.{yy:02}"),
        ),
        "fr" | "it" => european(
            format!("{wd} {d} {month} {y}"),
            format!("{d} {month} {y}"),
            format!("{d} {mon} {y}"),
            format!("{d:02}/{mo:02}/{yy:02}"),
        ),
        "ru" => european(
            format!("{wd}, {d} {month} {y}\u{202f}г."),
            format!("{d} {month} {y}\u{202f}г."),
            format!("{d} {mon} {y}\u{202f}г."),
            format!("{d:02}.{mo:02}.{yy:02}"),
        ),
        "pt" => european(
            format!("{wd}, {d} de {month} de {y}"),
            format!("{d} de {month} de {y}"),
            format!("{d} de {mon} de {y}"),
            format!("{d:02}/{mo:02}/{yy:02}"),
        ),
        "ja" => match kind {
            0 => format!("{y}年{mo}月{d}日{wd}"),
            1 => format!("{y}年{mo}月{d}日"),
            2 => format!("{y}/{mo:02}/{d:02}"),
            3 => format!("{yy:02}/{mo:02}/{d:02}"),
            4 => format!("{h}時{mi:02}分{s:02}秒 {z}"),
            5 => format!("{hms} {z}"),
            6 => hms,
            _ => hm,
        },
        "es" => match kind {
            0 => format!("{wd}, {d} de {month} de {y}"),
            1 => format!("{d} de {month} de {y}"),
            2 => format!("{d} {mon} {y}"),
            3 => format!("{d}/{mo}/{yy:02}"),
            4 => format!("{hms} ({z})"),
            5 => format!("{hms} {z}"),
            6 => hms,
            _ => hm,
        },
        "ko" => match kind {
            0 => format!("{y}년 {mo}월 {d}일 {wd}"),
            1 => format!("{y}년 {mo}월 {d}일"),
            2 => format!("{y}. {mo}. {d}."),
            3 => format!("{yy:02}. {mo}. {d}."),
            4 | 5 => format!("{ampm} {h12}시 {mi}분 {s}초 {z}"),
            6 => format!("{ampm} {h12}:{mi:02}:{s:02}"),
            _ => format!("{ampm} {h12}:{mi:02}"),
        },
        "he" => match kind {
            0 => format!("{wd}, {d} ב{month} {y}"),
            1 => format!("{d} ב{month} {y}"),
            2 => format!("{d} ב{mon} {y}"),
            3 => format!("{d}.{mo}.{yy:02}"),
            4 | 5 => format!("{hms} {z}"),
            6 => hms,
            _ => hm,
        },
        _ => match kind {
            0 => format!("{wd}, {month} {d}, {y}"),
            1 => format!("{month} {d}, {y}"),
            2 => format!("{mon} {d}, {y}"),
            3 => format!("{mo}/{d}/{yy:02}"),
            // A narrow no-break space before am/pm, as CLDR writes it.
            4 | 5 => format!("{h12}:{mi:02}:{s:02}\u{202f}{ampm} {z}"),
            6 => format!("{h12}:{mi:02}:{s:02}\u{202f}{ampm}"),
            _ => format!("{h12}:{mi:02}\u{202f}{ampm}"),
        },
    })
}
