package io.frameshift.enrich;

import io.frameshift.types.DataType;
import java.io.Serializable;

/**
 * One column an enrichment adds: the value at {@code pointer} in the service's JSON answer, as
 * {@code type}.
 *
 * @param name the column's name
 * @param pointer a JSON pointer ({@code /score}, {@code /result/tier}, {@code /tags/0}) into the
 *     answer (for batch calls: into the answer's element for the row)
 * @param type the column's type; a JSON value that does not convert to it fails the row
 */
public record OutputField(String name, String pointer, DataType type) implements Serializable {}
