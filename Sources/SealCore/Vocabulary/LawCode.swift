/// A California code (the law code of a charge): `HS 11357`, `PC 148`, `VC 23152`. One type for the
/// identified reading and the de-identified record (the zone-free vocabulary).
public enum LawCode: String, CaseIterable, Hashable, Sendable, Codable {
    case penal = "PC"
    case healthAndSafety = "HS"
    case vehicle = "VC"
    case businessAndProfessions = "BP"
    case welfareAndInstitutions = "WI"
    case civil = "CC"
    case civilProcedure = "CI"
    case education = "EC"
    case foodAndAgriculture = "FA"
    case family = "FC"
    case fishAndGame = "FG"
    case government = "GC"
    case harborsAndNavigation = "HN"
    case insurance = "IC"
    case labor = "LC"
    case militaryAndVeterans = "MV"
    case publicResources = "PR"
    case revenueAndTaxation = "RT"
    case streetsAndHighways = "SH"
    case unemploymentInsurance = "UI"

    /// The law code spelled by two ASCII letters, if any.
    public static func from(_ first: UInt8, _ second: UInt8) -> LawCode? {
        LawCode(rawValue: String(decoding: [first, second], as: UTF8.self))
    }
}
