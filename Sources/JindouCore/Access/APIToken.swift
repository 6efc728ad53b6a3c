import Foundation

/// A named API credential with a role. The secret is never logged or rendered.
package struct APIToken: Sendable, Hashable, CustomStringConvertible {
    /// The name that audit records and logs show instead of the secret.
    package var name: String
    package var role: APIRole
    package var secret: String

    package init(name: String, role: APIRole, secret: String) {
        self.name = name
        self.role = role
        self.secret = secret
    }

    package var description: String { "\(name) (\(role.rawValue))" }

    /// The shortest secret accepted: shorter ones are guessable.
    package static let minimumSecretLength = 16

    /// Parses `name:role:secret,name2:role2:secret2`. Names must be unique; the secret may not
    /// contain `,` (it may contain `:`).
    /// - Returns: the tokens, or a message saying what is wrong (without echoing any secret).
    package static func parseList(_ text: String) -> Result<[APIToken], APITokenListError> {
        var tokens: [APIToken] = []
        for (index, entry) in text.split(separator: ",", omittingEmptySubsequences: true).enumerated() {
            let parts = entry.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            let position = index + 1
            guard parts.count == 3 else {
                return .failure(.init("entry \(position) must be name:role:token"))
            }
            let name = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: " "))
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                return .failure(.init("entry \(position) has an empty or invalid name (letters, digits, - _ .)"))
            }
            guard let role = APIRole(rawValue: parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " "))) else {
                return .failure(.init("token \(name) has an unknown role (admin, service or readonly)"))
            }
            let secret = String(parts[2])
            guard secret.count >= minimumSecretLength else {
                return .failure(.init("token \(name) is shorter than \(minimumSecretLength) characters"))
            }
            guard !tokens.contains(where: { $0.name == name }) else {
                return .failure(.init("token name \(name) is used twice"))
            }
            tokens.append(APIToken(name: name, role: role, secret: secret))
        }
        return .success(tokens)
    }
}

/// Why a token list does not parse.
package struct APITokenListError: Error, Sendable, Hashable, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
