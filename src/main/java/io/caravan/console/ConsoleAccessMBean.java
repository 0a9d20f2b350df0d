package io.caravan.console;

import java.util.List;
import java.util.Map;
import javax.management.openmbean.TabularData;

/**
 * The JMX security MBean Hawtio looks for ({@code *:type=security,area=jmx,*}): its restrictor asks it before
 * every Jolokia request, and its UI asks it which buttons to offer.
 */
public interface ConsoleAccessMBean {

    /** Whether the caller may call anything at all on the MBean. */
    boolean canInvoke(String objectName) throws Exception;

    boolean canInvoke(String objectName, String methodName) throws Exception;

    boolean canInvoke(String objectName, String methodName, String[] argumentTypes) throws Exception;

    /** Many questions at once: MBean name to methods ({@code name(type,...)}); an empty list asks for the MBean. */
    TabularData canInvoke(Map<String, List<String>> bulkQuery) throws Exception;
}
