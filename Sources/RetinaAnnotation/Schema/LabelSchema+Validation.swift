extension LabelSchema {
    /// Checks that `value` fits field `name`: the field exists, the kinds match, the option
    /// is one of the field's, and drawings lie on the image. Without `imageSize` only
    /// finiteness of coordinates is checked.
    public func validate(_ value: LabelValue, forField name: String, imageSize: ImageSize? = nil) throws(LabelValidationError) {
        guard let field = field(named: name) else { throw .unknownField(name) }
        func inside(_ points: [ImagePoint]) throws(LabelValidationError) {
            for point in points where !(imageSize?.contains(point) ?? point.isFinite) { throw .outsideImage(field: name) }
        }
        switch (field.kind, value) {
        case (.categorical(let options), .option(let option)):
            guard options.index(of: option) != nil else { throw .optionNotInSchema(field: name, option: option) }
        case (.box, .box(let box)):
            try inside([box.topLeft, box.bottomRight])
        case (.point, .point(let point)):
            try inside([point])
        case (.polyline, .polyline(let points)):
            guard points.count >= 2 else { throw .tooFewPoints(field: name) }
            try inside(points)
        case (.brushMask, .mask(let mask)):
            if let imageSize, mask.size != imageSize {
                throw .maskSizeMismatch(field: name, expected: imageSize, found: mask.size)
            }
        case (.note, .note):
            break
        default:
            throw .wrongKind(field: name, expected: field.kind.name, found: value.kindName)
        }
    }

    /// Checks every label of an annotation, in field-name order so the first error is stable.
    public func validate(_ annotation: Annotation, imageSize: ImageSize? = nil) throws(LabelValidationError) {
        for name in annotation.labels.keys.sorted() {
            if let value = annotation.labels[name] { try validate(value, forField: name, imageSize: imageSize) }
        }
    }
}
