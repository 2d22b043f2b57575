// The namespaces nearly every cmdlet file reads, imported once for the project; a file names only what is particular to it.
global using System;
global using System.Collections.Generic;
global using System.Management.Automation;
global using CallReports.Models;
