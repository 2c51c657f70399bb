extension LabelSchema {
    /// Field names of the built-in ROP schema, for code that reads its labels.
    public enum ICROP3Field {
        public static let zone = "zone"
        public static let stage = "stage"
        public static let plus = "plus"
        public static let aggressiveROP = "a_rop"
        public static let extent = "extent_clock_hours"
        public static let eye = "eye"
        public static let quality = "image_quality"
        public static let disc = "disc"
        public static let fovea = "fovea"
        public static let ridge = "ridge"
        public static let note = "note"
    }

    /// The built-in ROP schema, following the International Classification of ROP, 3rd
    /// edition, for the one eye a photograph shows.
    ///
    /// Zone runs from posterior (I) to peripheral (III) and stage, plus disease and extent
    /// in clock hours are ordinal, so weighted κ applies to them. Keys: zone `z` then
    /// `1`/`p`/`2`/`3` (I, posterior II, II, III); stage `s` then the stage digit; plus `p`
    /// then `0`/`1`/`2` (none, pre-plus, plus); A-ROP `a` then `n`/`y`; extent `h` then two
    /// digits `00`–`12`; eye `e` then `l`/`r`; image quality `q` then `g`/`u`/`b`; disc box
    /// `d`, fovea point `f`, ridge polyline `r`, note `n`.
    public static let icrop3 = LabelSchema(builtIn: "ICROP3", fields: icrop3Fields)

    static let icrop3Fields: [LabelField] = [
        .categorical(ICROP3Field.zone, ["I", "posterior II", "II", "III"], ordinal: true, key: "z", optionKeys: ["1", "p", "2", "3"]),
        .categorical(ICROP3Field.stage, (0...5).map(String.init), ordinal: true, key: "s"),
        .categorical(ICROP3Field.plus, ["none", "pre-plus", "plus"], ordinal: true, key: "p", optionKeys: ["0", "1", "2"]),
        .categorical(ICROP3Field.aggressiveROP, ["no", "yes"], ordinal: false, key: "a", optionKeys: ["n", "y"]),
        .categorical(ICROP3Field.extent, (0...12).map(String.init), ordinal: true, key: "h"),
        .categorical(ICROP3Field.eye, ["left", "right"], ordinal: false, key: "e", optionKeys: ["l", "r"]),
        .categorical(ICROP3Field.quality, ["good", "usable", "bad"], ordinal: false, key: "q", optionKeys: ["g", "u", "b"]),
        LabelField(ICROP3Field.disc, .box, key: "d"),
        LabelField(ICROP3Field.fovea, .point, key: "f"),
        LabelField(ICROP3Field.ridge, .polyline, key: "r"),
        LabelField(ICROP3Field.note, .note, key: "n"),
    ]
}
