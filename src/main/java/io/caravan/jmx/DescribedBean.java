package io.caravan.jmx;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;

/**
 * A standard MBean whose info carries the {@link Description}s of its interface: the JDK's own way
 * (StandardMBean's getDescription and getParameterName hooks) to give the console descriptions and
 * parameter names instead of the introspected "Operation exposed for management" and p1, p2.
 * StandardMBean builds the info once and caches it.
 */
public final class DescribedBean<T> extends StandardMBean {

    private final Class<T> type;

    public DescribedBean(T bean, Class<T> type) throws NotCompliantMBeanException {
        super(bean, type);
        this.type = type;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = type.getAnnotation(Description.class);
        return d != null ? d.value() : super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        for (String prefix : new String[] {"get", "is"}) {
            Method getter = find(prefix + info.getName(), new MBeanParameterInfo[0]);
            if (getter != null && getter.getAnnotation(Description.class) != null) {
                return getter.getAnnotation(Description.class).value();
            }
        }
        return super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Method m = find(info.getName(), info.getSignature());
        Description d = m == null ? null : m.getAnnotation(Description.class);
        return d != null ? d.value() : super.getDescription(info);
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description d = parameter(op, sequence);
        if (d != null && !d.name().isEmpty()) {
            return d.name();
        }
        return super.getParameterName(op, param, sequence);
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description d = parameter(op, sequence);
        return d != null ? d.value() : super.getDescription(op, param, sequence);
    }

    private Description parameter(MBeanOperationInfo op, int sequence) {
        Method m = find(op.getName(), op.getSignature());
        if (m == null || sequence >= m.getParameterCount()) {
            return null;
        }
        Parameter p = m.getParameters()[sequence];
        return p.getAnnotation(Description.class);
    }

    private Method find(String name, MBeanParameterInfo[] signature) {
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(name) || m.getParameterCount() != signature.length) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            boolean same = true;
            for (int i = 0; i < types.length && same; i++) {
                same = types[i].getName().equals(signature[i].getType());
            }
            if (same) {
                return m;
            }
        }
        return null;
    }
}
