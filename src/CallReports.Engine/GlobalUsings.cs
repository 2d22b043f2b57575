// The namespaces nearly every engine file reads, imported once for the project (as the SDK's ImplicitUsings does for
// an application); a file names only what is particular to it.
global using System;
global using System.Collections.Generic;
global using System.Globalization;
global using System.Net.Http;
global using System.Text.Json;
global using System.Threading;
global using System.Threading.Tasks;
global using CallReports.Engine.Diagnostics;
global using CallReports.Engine.Http;
global using CallReports.Models;
