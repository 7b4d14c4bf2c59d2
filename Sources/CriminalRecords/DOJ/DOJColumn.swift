/// The 95 columns of the DOJ research file, in file order (doj-research-file.md, section 3).
package enum DOJColumn: Int, CaseIterable, Sendable {
    case recordId = 0
    case subjectStatus = 1
    case subjectId = 2
    case reqSegSep = 3
    case reqCiiNumber = 4
    case reqName = 5
    case reqGender = 6
    case reqDob = 7
    case reqCdl = 8
    case reqSsn = 9
    case piiSegSep = 10
    case ciiNumber = 11
    case priName = 12
    case gender = 13
    case priDob = 14
    case priSsn = 15
    case priCdl = 16
    case priIdn = 17
    case priInn = 18
    case fbiNumber = 19
    case pdrSegSep = 20
    case raceCode = 21
    case raceDescr = 22
    case eyeColorCode = 23
    case eyeColorDescr = 24
    case hairColorCode = 25
    case hairColorDescr = 26
    case height = 27
    case weight = 28
    case singleSource = 29
    case multiSource = 30
    case pobCode = 31
    case pobName = 32
    case pobType = 33
    case citizenshipList = 34
    case cycSegSep = 35
    case cycOrder = 36
    case cycDate = 37
    case stpSegSep = 38
    case stpOrder = 39
    case stpEventDate = 40
    case stpTypeCode = 41
    case stpTypeDescr = 42
    case stpOriType = 43
    case stpOriTypeDescr = 44
    case stpOriCode = 45
    case stpOriDescr = 46
    case stpOriCntyCode = 47
    case stpOriCntyName = 48
    case cntSegSep = 49
    case cntOrder = 50
    case dispDate = 51
    case ofn = 52
    case offenseCode = 53
    case offenseDescr = 54
    case offenseToc = 55
    case offenseQualLst = 56
    case dispOffenseCode = 57
    case dispOffenseDescr = 58
    case dispOffenseToc = 59
    case dispOffenseQualLst = 60
    case convOffenseOrder = 61
    case convOffenseCode = 62
    case convOffenseDescr = 63
    case convOffenseToc = 64
    case convOffenseQualLst = 65
    case feNumOrder = 66
    case feNumArrAgy = 67
    case feNumBnchWarr = 68
    case feNumCite = 69
    case feNumDocket = 70
    case feNumIncident = 71
    case feNumBooking = 72
    case feNumNumber = 73
    case feNumRemand = 74
    case feNumOosInn = 75
    case feNumCrtCase = 76
    case feNumWarrant = 77
    case dispOrder = 78
    case dispCode = 79
    case dispDescr = 80
    case convStatCode = 81
    case convStatDescr = 82
    case sentSegSep = 83
    case sentOrder = 84
    case sentLocCode = 85
    case sentLocDescr = 86
    case sentLength = 87
    case sentTimeCode = 88
    case sentTimeDescr = 89
    case cycAge = 90
    case ciiType = 91
    case ciiTypeAlpha = 92
    case commentText = 93
    case endOfRec = 94

    /// The number of columns: every data record has exactly this many fields.
    package static let count = 95

    /// The column's name as the header writes it.
    package var name: String { Self.names[rawValue] }

    /// The 95 header names, in order.
    package static let names: [String] = [
        "RECORD_ID",
        "SUBJECT_STATUS",
        "SUBJECT_ID",
        "REQ_SEG_SEP",
        "REQ_CII_NUMBER",
        "REQ_NAME",
        "REQ_GENDER",
        "REQ_DOB",
        "REQ_CDL",
        "REQ_SSN",
        "PII_SEG_SEP",
        "CII_NUMBER",
        "PRI_NAME",
        "GENDER",
        "PRI_DOB",
        "PRI_SSN",
        "PRI_CDL",
        "PRI_IDN",
        "PRI_INN",
        "FBI_NUMBER",
        "PDR_SEG_SEP",
        "RACE_CODE",
        "RACE_DESCR",
        "EYE_COLOR_CODE",
        "EYE_COLOR_DESCR",
        "HAIR_COLOR_CODE",
        "HAIR_COLOR_DESCR",
        "HEIGHT",
        "WEIGHT",
        "SINGLE_SOURCE",
        "MULTI_SOURCE",
        "POB_CODE",
        "POB_NAME",
        "POB_TYPE",
        "CITIZENSHIP_LIST",
        "CYC_SEG_SEP",
        "CYC_ORDER",
        "CYC_DATE",
        "STP_SEG_SEP",
        "STP_ORDER",
        "STP_EVENT_DATE",
        "STP_TYPE_CODE",
        "STP_TYPE_DESCR",
        "STP_ORI_TYPE",
        "STP_ORI_TYPE_DESCR",
        "STP_ORI_CODE",
        "STP_ORI_DESCR",
        "STP_ORI_CNTY_CODE",
        "STP_ORI_CNTY_NAME",
        "CNT_SEG_SEP",
        "CNT_ORDER",
        "DISP_DATE",
        "OFN",
        "OFFENSE_CODE",
        "OFFENSE_DESCR",
        "OFFENSE_TOC",
        "OFFENSE_QUAL_LST",
        "DISP_OFFENSE_CODE",
        "DISP_OFFENSE_DESCR",
        "DISP_OFFENSE_TOC",
        "DISP_OFFENSE_QUAL_LST",
        "CONV_OFFENSE_ORDER",
        "CONV_OFFENSE_CODE",
        "CONV_OFFENSE_DESCR",
        "CONV_OFFENSE_TOC",
        "CONV_OFFENSE_QUAL_LST",
        "FE_NUM_ORDER",
        "FE_NUM_ARR_AGY",
        "FE_NUM_BNCH_WARR",
        "FE_NUM_CITE",
        "FE_NUM_DOCKET",
        "FE_NUM_INCIDENT",
        "FE_NUM_BOOKING",
        "FE_NUM_NUMBER",
        "FE_NUM_REMAND",
        "FE_NUM_OOS_INN",
        "FE_NUM_CRT_CASE",
        "FE_NUM_WARRANT",
        "DISP_ORDER",
        "DISP_CODE",
        "DISP_DESCR",
        "CONV_STAT_CODE",
        "CONV_STAT_DESCR",
        "SENT_SEG_SEP",
        "SENT_ORDER",
        "SENT_LOC_CODE",
        "SENT_LOC_DESCR",
        "SENT_LENGTH",
        "SENT_TIME_CODE",
        "SENT_TIME_DESCR",
        "CYC_AGE",
        "CII_TYPE",
        "CII_TYPE_ALPHA",
        "COMMENT_TEXT",
        "END_OF_REC",
    ]

    /// What kind of personal data the column holds. Errors and logs never show the value of a column
    /// whose class is not ``DOJColumnClass/none``.
    package var dataClass: DOJColumnClass { Self.classes[rawValue] }

    private static let classes: [DOJColumnClass] = [
        .linkingNumber,
        .none,
        .directIdentifier,
        .none,
        .directIdentifier,
        .directIdentifier,
        .quasiIdentifier,
        .directIdentifier,
        .directIdentifier,
        .directIdentifier,
        .none,
        .directIdentifier,
        .directIdentifier,
        .quasiIdentifier,
        .directIdentifier,
        .directIdentifier,
        .directIdentifier,
        .directIdentifier,
        .directIdentifier,
        .directIdentifier,
        .none,
        .quasiIdentifier,
        .quasiIdentifier,
        .quasiIdentifier,
        .quasiIdentifier,
        .quasiIdentifier,
        .quasiIdentifier,
        .quasiIdentifier,
        .quasiIdentifier,
        .none,
        .none,
        .quasiIdentifier,
        .quasiIdentifier,
        .quasiIdentifier,
        .quasiIdentifier,
        .none,
        .none,
        .quasiIdentifier,
        .none,
        .none,
        .quasiIdentifier,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .quasiIdentifier,
        .linkingNumber,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .linkingNumber,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .none,
        .quasiIdentifier,
        .none,
        .none,
        .freeText,
        .none,
    ]

    /// `column 41 (STP_EVENT_DATE)`: the 1-based column number and the name, for messages.
    package var label: String { "column \(rawValue + 1) (\(name))" }
}

/// The privacy class of a column (doj-research-file.md, section 3).
package enum DOJColumnClass: Sendable {
    /// Identifies a person directly: names, SSN, CII, DOB, CDL, FBI number, SUBJECT_ID.
    case directIdentifier
    /// Identifies a person in combination: gender, race, physical description, event dates.
    case quasiIdentifier
    /// A record or case number that links to other systems.
    case linkingNumber
    /// Free text that may contain anything.
    case freeText
    /// Structure, codes and descriptions.
    case none

    /// Whether values of this class may appear in messages (only ``none`` may).
    package var isPrintable: Bool { self == .none }
}
