/// Fabricated names, counties and charges for ``DOJFileGenerator``. No real person's data.
enum GeneratorTables {
    static let lastNames = [
        "ALVAREZ", "BAKER", "CHEN", "DIAZ", "EVANS", "FLORES", "GARCIA", "HARRIS", "IBARRA", "JOHNSON", "KIM",
        "LOPEZ", "MARTIN", "NGUYEN", "OROZCO", "PATEL", "QUINTERO", "RAMIREZ", "SMITH", "TRAN", "UNDERWOOD",
        "VALDEZ", "WASHINGTON", "XIONG", "YOUNG", "ZAMORA", "BROWN", "DAVIS", "MILLER", "WILSON", "MOORE",
        "TAYLOR", "ANDERSON", "THOMAS", "JACKSON", "WHITE", "THOMPSON", "ROBINSON", "CLARK", "LEWIS",
    ]
    static let firstNames = [
        "AARON", "BEATRIZ", "CARLOS", "DANA", "EDUARDO", "FATIMA", "GRACE", "HECTOR", "IRENE", "JAMAL", "KAREN",
        "LUIS", "MARIA", "NATHAN", "OLIVIA", "PEDRO", "QUINN", "ROSA", "SAMUEL", "TERESA", "UMAR", "VANESSA",
        "WILLIAM", "XAVIER", "YOLANDA", "ZACHARY", "ANTHONY", "BRENDA", "CHRISTOPHER", "DEBORAH", "ERIC",
        "FRANCES", "GEORGE", "HELEN", "ISAAC", "JUANITA", "KEVIN", "LINDA", "MICHAEL", "NANCY",
    ]
    static let counties = [
        "ALAMEDA", "CONTRA COSTA", "FRESNO", "KERN", "LOS ANGELES", "ORANGE", "RIVERSIDE", "SACRAMENTO",
        "SAN BERNARDINO", "SAN DIEGO", "SAN FRANCISCO", "SAN JOAQUIN", "SANTA CLARA", "VENTURA",
    ]
    /// (code, description), weights by rough share of a research file.
    static let races: [((String, String), Int)] = [
        (("W", "WHITE"), 30), (("H", "HISPANIC"), 36), (("B", "BLACK"), 22), (("A", "ASIAN"), 6),
        (("O", "OTHER"), 5), (("U", "UNKNOWN"), 1),
    ]

    /// A charge: its OFFENSE_DESCR text and level tendencies.
    struct Charge {
        let text: String
        let felonyShare: Double
        let registrable: Bool
        /// A superstrike by itself (a fifth of these convictions are written undated).
        let superstrike: Bool
        /// The text's bytes, encoded once.
        let bytes: [UInt8]

        init(text: String, felonyShare: Double, registrable: Bool, superstrike: Bool = false) {
            self.text = text
            self.felonyShare = felonyShare
            self.registrable = registrable
            self.superstrike = superstrike
            bytes = Array(text.utf8)
        }
    }

    /// Prop 64 charges in every written form the reference lists.
    static let prop64Charges: [(Charge, Int)] = [
        (Charge(text: "11357(A)HS-POSSESS MARIJUANA", felonyShare: 0.6, registrable: false), 10),
        (Charge(text: "11357(B)HS-POSSESS MARIJUANA", felonyShare: 0.1, registrable: false), 10),
        (Charge(text: "11357(C)HS-POSSESS MARIJUANA", felonyShare: 0.3, registrable: false), 6),
        (Charge(text: "11357(D) HS-POSSESS MARIJUANA ON SCHOOL GROUNDS", felonyShare: 0.1, registrable: false), 2),
        (Charge(text: "11357 HS-POSSESS MARIJUANA", felonyShare: 0.4, registrable: false), 6),
        (Charge(text: "11357B2 HS-POSSESS MARIJUANA", felonyShare: 0.1, registrable: false), 1),
        (Charge(text: "11358 HS-CULTIVATE MARIJUANA", felonyShare: 0.8, registrable: false), 12),
        (Charge(text: "11358(C) HS-CULTIVATE CANNABIS", felonyShare: 0.5, registrable: false), 3),
        (Charge(text: "11359 HS-POSSESS MARIJUANA FOR SALE", felonyShare: 0.85, registrable: false), 16),
        (Charge(text: "11359HS-INTENT SELL CANNABIS", felonyShare: 0.8, registrable: false), 3),
        (Charge(text: "11359(B) HS-POSSESS CANNABIS FOR SALE", felonyShare: 0.7, registrable: false), 2),
        (Charge(text: "11360(A) HS-TRANSPORT/SELL MARIJUANA", felonyShare: 0.85, registrable: false), 12),
        (Charge(text: "11360 HS-TRANSPORT MARIJUANA", felonyShare: 0.8, registrable: false), 4),
        (Charge(text: "11360(B) HS-GIVE AWAY 1 OZ MARIJUANA", felonyShare: 0.05, registrable: false), 2),
        (Charge(text: "664/11359 HS-ATTEMPT POSSESS FOR SALE", felonyShare: 0.7, registrable: false), 2),
        (Charge(text: "664-11357(C) HS-ATTEMPT POSSESS MARIJUANA", felonyShare: 0.4, registrable: false), 1),
        (Charge(text: "66411360(A) HS-ATTEMPT TRANSPORT MARIJUANA", felonyShare: 0.6, registrable: false), 1),
        (Charge(text: "182/11359 HS-CONSPIRACY POSSESS FOR SALE", felonyShare: 0.9, registrable: false), 1),
        (Charge(text: "182(A)(1)/11360 HS-CONSPIRACY TRANSPORT MARIJUANA", felonyShare: 0.9, registrable: false), 1),
    ]

    /// Other charges, including super strikes and PC 290 registrable offenses.
    static let otherCharges: [(Charge, Int)] = [
        (Charge(text: "148(A)(1) PC-OBSTRUCT/RESIST PEACE OFFICER", felonyShare: 0.05, registrable: false), 10),
        (Charge(text: "23152(A) VC-DUI ALCOHOL/DRUGS", felonyShare: 0.05, registrable: false), 14),
        (Charge(text: "11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE", felonyShare: 0.6, registrable: false), 10),
        (Charge(text: "11377(A) HS-POSSESS CONTROLLED SUBSTANCE", felonyShare: 0.5, registrable: false), 8),
        (Charge(text: "459 PC-BURGLARY", felonyShare: 0.8, registrable: false), 8),
        (Charge(text: "484(A) PC-PETTY THEFT", felonyShare: 0.05, registrable: false), 10),
        (Charge(text: "242 PC-BATTERY", felonyShare: 0.05, registrable: false), 8),
        (Charge(text: "245(A)(1) PC-ASSAULT WITH DEADLY WEAPON", felonyShare: 0.9, registrable: false), 4),
        (Charge(text: "647(F) PC-DISORDERLY CONDUCT:INTOXICATED", felonyShare: 0.0, registrable: false), 8),
        (Charge(text: "10851(A) VC-TAKE VEHICLE W/O OWNER CONSENT", felonyShare: 0.7, registrable: false), 4),
        (Charge(text: "12500(A) VC-DRIVE WITHOUT LICENSE", felonyShare: 0.0, registrable: false), 6),
        (Charge(text: "4149 BP-POSSESS HYPODERMIC NEEDLE", felonyShare: 0.0, registrable: false), 2),
        (Charge(text: "187 PC-MURDER", felonyShare: 1.0, registrable: false, superstrike: true), 1),
        (Charge(text: "664/187(A) PC-ATTEMPTED MURDER", felonyShare: 1.0, registrable: false, superstrike: true), 1),
        (Charge(text: "261(A)(2) PC-RAPE BY FORCE/FEAR", felonyShare: 1.0, registrable: true), 1),
        (Charge(text: "288(A) PC-LEWD ACT WITH CHILD UNDER 14", felonyShare: 1.0, registrable: true), 1),
        (Charge(text: "314.1 PC-INDECENT EXPOSURE", felonyShare: 0.2, registrable: true), 1),
    ]

    /// Combined charges: two sections joined by `/` (the level drawn for the charge they replace).
    static let combinedCharges: [Charge] = [
        Charge(text: "484(A)/490.5 PC-PETTY THEFT", felonyShare: 0.05, registrable: false),
        Charge(text: "11359/11360 HS-POSSESS FOR SALE/TRANSPORT MARIJUANA", felonyShare: 0.8, registrable: false),
        Charge(text: "245(A)(1)/12022.7(A) PC-ADW/GREAT BODILY INJURY", felonyShare: 0.9, registrable: false),
        Charge(text: "136.1/186.22(B)(4) PC-DISSUADE WITNESS/GANG", felonyShare: 1.0, registrable: false),
    ]

    /// Charges written only in COMMENT_TEXT (OFFENSE_DESCR says SEE COMMENT FOR CHARGE).
    static let commentCharges: [[UInt8]] = [
        "11358 HS-CULTIVATE CANNABIS", "11357(B) HS-POSSESS MARIJUANA", "CHRG-11359 HS POSSESS FOR SALE",
        "11360(A) HS-SELL MARIJUANA",
    ].map { Array($0.utf8) }
}
