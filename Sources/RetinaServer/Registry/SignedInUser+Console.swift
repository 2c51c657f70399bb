extension SignedInUser {
    /// An operator at the server machine's console (`ropscreen models …`), acting as an admin, as `ropscreen user add` does.
    public static func console(_ name: String) -> SignedInUser {
        SignedInUser(username: name, role: .admin, csrfToken: "", tokenHash: "")
    }
}
