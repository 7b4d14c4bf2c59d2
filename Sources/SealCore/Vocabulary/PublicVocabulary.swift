/// The fixed vocabularies that a value from the DOJ file must belong to before it leaves the identified
/// zone or appears in a printed profile or report: county, gender, race, disposition and step type.
///
/// A free-text field of a damaged or hostile file can hold anything — an SSN in RACE_DESCR, a name in
/// STP_ORI_CNTY_NAME — and these fields are published in aggregate (the county report is mode 0644) and
/// carried in the de-identified record. So each value, trimmed and upper-cased as the reader keeps it,
/// is kept only when it is one of SealKit's own list for its field; a blank stays blank (unknown); any
/// other value becomes ``other``. Counting `(other)` says that something unexpected was there without
/// saying what.
///
/// Where the lists come from: the DOJ's code tables are not public. Counties are California's 58 as
/// STP_ORI_CNTY_NAME spells them. Genders, races, dispositions and step types are the values seen in
/// the research-file extracts described publicly (Code for America's fixtures and the published
/// descriptions of the extract) plus the race categories of the DOJ's public OpenJustice data
/// dictionary; see docs/vocabularies.md. A value outside them is not an error: it is counted as
/// `(other)`, and `inspect` shows how many.
public enum PublicVocabulary {
    /// The bucket of every value outside a list.
    public static let other = "(other)"

    /// California's 58 counties, upper case, as the DOJ file's STP_ORI_CNTY_NAME spells them.
    public static let counties: Set<String> = [
        "ALAMEDA", "ALPINE", "AMADOR", "BUTTE", "CALAVERAS", "COLUSA", "CONTRA COSTA", "DEL NORTE", "EL DORADO",
        "FRESNO", "GLENN", "HUMBOLDT", "IMPERIAL", "INYO", "KERN", "KINGS", "LAKE", "LASSEN", "LOS ANGELES",
        "MADERA", "MARIN", "MARIPOSA", "MENDOCINO", "MERCED", "MODOC", "MONO", "MONTEREY", "NAPA", "NEVADA",
        "ORANGE", "PLACER", "PLUMAS", "RIVERSIDE", "SACRAMENTO", "SAN BENITO", "SAN BERNARDINO", "SAN DIEGO",
        "SAN FRANCISCO", "SAN JOAQUIN", "SAN LUIS OBISPO", "SAN MATEO", "SANTA BARBARA", "SANTA CLARA",
        "SANTA CRUZ", "SHASTA", "SIERRA", "SISKIYOU", "SOLANO", "SONOMA", "STANISLAUS", "SUTTER", "TEHAMA",
        "TRINITY", "TULARE", "TUOLUMNE", "VENTURA", "YOLO", "YUBA",
    ]

    /// GENDER as the extract writes it.
    public static let genders: Set<String> = ["M", "F", "X"]

    /// RACE_DESCR: the extract's descriptions and the DOJ's public race categories.
    public static let races: Set<String> = [
        "WHITE", "HISPANIC", "BLACK", "ASIAN", "OTHER", "UNKNOWN", "AMERICAN INDIAN", "ASIAN INDIAN", "CAMBODIAN",
        "CHINESE", "FILIPINO", "GUAMANIAN", "HAWAIIAN", "JAPANESE", "KOREAN", "LAOTIAN", "OTHER ASIAN",
        "PACIFIC ISLANDER", "SAMOAN", "VIETNAMESE",
    ]

    /// DISP_DESCR values seen in extracts and fixtures.
    public static let dispositions: Set<String> = [
        "CONVICTED", "CONVICTED-JAIL", "CONVICTED-PROBATION", "CONVICTED-PRISON", "DISMISSED",
        "DISMISSED/CHARGE DROPPED", "REL/TOT OTHER JURIS/AUTH",
    ]

    /// STP_TYPE_DESCR values seen in extracts and fixtures.
    public static let stepTypes: Set<String> = ["ARREST/DETAINED/CITED", "COURT ACTION", "REGISTRATION", "DECEASED"]

    /// `value` if it is blank or in `list`, ``other`` otherwise.
    @inline(__always)
    public static func map(_ value: String, _ list: Set<String>) -> String {
        value.isEmpty || list.contains(value) ? value : other
    }

    /// STP_ORI_CNTY_NAME as the vocabulary keeps it (``map(_:_:)`` with ``counties``).
    public static func county(_ value: String) -> String { map(value, counties) }
    /// GENDER as the vocabulary keeps it.
    public static func gender(_ value: String) -> String { map(value, genders) }
    /// RACE_DESCR as the vocabulary keeps it.
    public static func race(_ value: String) -> String { map(value, races) }
    /// DISP_DESCR as the vocabulary keeps it.
    public static func disposition(_ value: String) -> String { map(value, dispositions) }
    /// STP_TYPE_DESCR as the vocabulary keeps it.
    public static func stepType(_ value: String) -> String { map(value, stepTypes) }

    /// Whether `value` is what ``map(_:_:)`` can give for `list`.
    public static func isMapped(_ value: String, _ list: Set<String>) -> Bool {
        value.isEmpty || value == other || list.contains(value)
    }
}
