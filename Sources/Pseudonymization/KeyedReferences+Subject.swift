package import CriminalRecords
package import Deidentified
package import SealCrypto

extension KeyedReferences {
    /// The keyed values that find a subject's convictions again in the identified zone (the review
    /// list, the court's list): both pseudonyms the subject can carry, and each conviction's count
    /// reference, in the order of ``SubjectHistory/convictions`` (the de-identified record's order).
    package struct SubjectKeys: Sendable {
        /// The pseudonym from the normalized CII (nil when it does not normalize).
        package let ciiPseudonym: SubjectPseudonym?
        /// The pseudonym from SUBJECT_ID (the one a subject without a CII, or sharing its CII with
        /// another SUBJECT_ID, carries).
        package let subjectIDPseudonym: SubjectPseudonym
        /// Per conviction, its count reference (nil without a count order).
        package let countReferences: [CountReference?]

        /// Whether `pseudonym` is one this subject can carry.
        package func carries(_ pseudonym: SubjectPseudonym) -> Bool {
            pseudonym == subjectIDPseudonym || pseudonym == ciiPseudonym
        }
    }

    /// The keyed values of `subject`, made exactly as ``Pseudonymizer/deidentify(_:ciiShared:)``
    /// makes them (a test holds the two to each other on generated files): the basis is the
    /// normalized CII, else SUBJECT_ID; a count's reference is keyed on the first of its case numbers
    /// that normalizes, else its court event.
    package func keys(of subject: SubjectHistory) throws(SealCryptoError) -> SubjectKeys {
        let subjectID = subject.subjectID.revealedBytes
        let cii = Normalization.cii(subject.identity.ciiNumber.revealedBytes)
        let basis = Basis(normalizedCII: cii, subjectID: subjectID)
        var references: [CountReference?] = []
        references.reserveCapacity(subject.convictions.count)
        for conviction in subject.convictions {
            guard let order = conviction.countOrder else {
                references.append(nil)
                continue
            }
            let firstCase = conviction.caseNumbers.lazy.compactMap { Normalization.caseNumber($0.revealedBytes) }.first
            references.append(
                try countReference(
                    basis: basis,
                    caseNumber: firstCase,
                    courtEvent: order.courtEvent,
                    count: order.count
                )
                .reference
            )
        }
        return SubjectKeys(
            ciiPseudonym: try cii.map { (cii) throws(SealCryptoError) in try pseudonym(cii: cii, subjectID: subjectID)
            },
            subjectIDPseudonym: try pseudonym(cii: nil, subjectID: subjectID),
            countReferences: references
        )
    }
}
