import Deidentified
import SealCore

/// The four profiles (prop64-rules.md, Parts A.8, C.3, B.2 and D.2), one file each (GogenProfile,
/// Statutory, LosAngelesProfile, DismissAllProfile), three-valued: in an ordered flow the first yes
/// decides, and an unknown met first stops with `needsReview` and its code. Their authorities here.
extension Evaluator {
    static let gogenAuthority = "County policy under HS 11361.9 (gogen eligibility options)"
    static let statuteAuthority = "HS 11361.8(e)-(h)"
    static let losAngelesAuthority = "Los Angeles District Attorney, 2020 motion (gogen_pilots LOS ANGELES flow)"
    static let dismissAllAuthority = "County policy: dismiss all Prop 64 convictions (HS 11361.9)"
}
