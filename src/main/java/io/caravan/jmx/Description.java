package io.caravan.jmx;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the console shows for an MBean interface, one of its attributes (on the getter), operations or
 * operation parameters; {@link DescribedBean} reads it. A parameter also gives its {@code name}: the
 * console would otherwise show p1, p2.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {

    String value();

    /** A parameter's name; unused elsewhere. */
    String name() default "";
}
