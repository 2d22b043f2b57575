<#
.SYNOPSIS
    Draws the fresh-process matrix as an SVG: records/s (log scale) against size, one colour per cmdlet, the module as
    a solid line with dots and its baseline as a dashed line with squares.
.EXAMPLE
    ./bench/Write-MatrixChart.ps1 -Matrix (Import-Csv bench/out/matrix/matrix.csv) -Path docs/images/fresh-process-matrix.svg
#>
[CmdletBinding()]
param(
    # Rows of Compare-FreshMatrix.ps1 (or its matrix.csv): Cmdlet, Size, 'Module rows/s', 'Baseline rows/s'.
    [Parameter(Mandatory)]
    [object[]] $Matrix,

    [Parameter(Mandatory)]
    [string] $Path
)

$ErrorActionPreference = 'Stop'
$sizes = @('Hour', 'Day', 'ThreeDays') | Where-Object { $_ -in $Matrix.Size }
$labels = @{ Hour = 'an hour (5,400)'; Day = 'a day (129,600)'; ThreeDays = 'three days (388,800)' }
$colours = @('#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e')
$width = 760; $height = 420; $left = 80; $right = 250; $top = 40; $bottom = 60
$plotWidth = $width - $left - $right; $plotHeight = $height - $top - $bottom

$values = foreach ($row in $Matrix) { foreach ($column in 'Module rows/s', 'Baseline rows/s') { if ("$($row.$column)" -ne '') { [double]$row.$column } } }
$low = [math]::Floor([math]::Log10(($values | Measure-Object -Minimum).Minimum))
$high = [math]::Ceiling([math]::Log10(($values | Measure-Object -Maximum).Maximum))
if ($high -le $low) { $high = $low + 1 }

function X([int] $index) { $left + $(if ($sizes.Count -gt 1) { $plotWidth * $index / ($sizes.Count - 1) } else { $plotWidth / 2 }) }
function Y([double] $value) { $top + $plotHeight * (1 - ([math]::Log10($value) - $low) / ($high - $low)) }
function F([double] $number) { $number.ToString('0.#', [cultureinfo]::InvariantCulture) }

$svg = [System.Text.StringBuilder]::new()
$null = $svg.AppendLine("<svg xmlns='http://www.w3.org/2000/svg' width='$width' height='$height' font-family='sans-serif' font-size='12'>")
$null = $svg.AppendLine("<rect width='100%' height='100%' fill='white'/>")
$null = $svg.AppendLine("<text x='$left' y='22' font-size='15' font-weight='bold'>Records/s in a fresh pwsh, module (solid) against its baseline (dashed)</text>")
for ($power = $low; $power -le $high; $power++) {
    $y = F (Y ([math]::Pow(10, $power)))
    $null = $svg.AppendLine("<line x1='$left' y1='$y' x2='$(F ($left + $plotWidth))' y2='$y' stroke='#ddd'/>")
    $null = $svg.AppendLine("<text x='$($left - 8)' y='$y' text-anchor='end' dominant-baseline='middle'>$(([math]::Pow(10, $power)).ToString('#,0', [cultureinfo]::InvariantCulture))</text>")
}
for ($i = 0; $i -lt $sizes.Count; $i++) {
    $null = $svg.AppendLine("<text x='$(F (X $i))' y='$($top + $plotHeight + 20)' text-anchor='middle'>$($labels[$sizes[$i]])</text>")
}
$null = $svg.AppendLine("<text x='$(F ($left + $plotWidth / 2))' y='$($height - 12)' text-anchor='middle'>size (records)</text>")
$null = $svg.AppendLine("<line x1='$left' y1='$top' x2='$left' y2='$($top + $plotHeight)' stroke='black'/>")
$null = $svg.AppendLine("<line x1='$left' y1='$($top + $plotHeight)' x2='$($left + $plotWidth)' y2='$($top + $plotHeight)' stroke='black'/>")

$cmdlets = @($Matrix.Cmdlet | Select-Object -Unique)
for ($c = 0; $c -lt $cmdlets.Count; $c++) {
    $colour = $colours[$c % $colours.Count]
    foreach ($side in 'Module', 'Baseline') {
        $points = for ($i = 0; $i -lt $sizes.Count; $i++) {
            $row = $Matrix | Where-Object { $_.Cmdlet -eq $cmdlets[$c] -and $_.Size -eq $sizes[$i] } | Select-Object -First 1
            if ($row -and "$($row."$side rows/s")" -ne '') { '{0},{1}' -f (F (X $i)), (F (Y ([double]$row."$side rows/s"))) }
        }
        if (-not $points) { continue }
        $dash = if ($side -eq 'Baseline') { " stroke-dasharray='6,4'" } else { '' }
        $null = $svg.AppendLine("<polyline fill='none' stroke='$colour' stroke-width='2'$dash points='$($points -join ' ')'/>")
        foreach ($point in @($points)) {
            $x, $y = $point -split ','
            $mark = if ($side -eq 'Module') { "<circle cx='$x' cy='$y' r='4' fill='$colour'/>" } else { "<rect x='$(F ([double]$x - 4))' y='$(F ([double]$y - 4))' width='8' height='8' fill='white' stroke='$colour' stroke-width='2'/>" }
            $null = $svg.AppendLine($mark)
        }
    }
    $legendY = $top + 10 + 22 * $c
    $null = $svg.AppendLine("<line x1='$($width - $right + 20)' y1='$legendY' x2='$($width - $right + 50)' y2='$legendY' stroke='$colour' stroke-width='2'/>")
    $null = $svg.AppendLine("<text x='$($width - $right + 56)' y='$legendY' dominant-baseline='middle'>$([System.Security.SecurityElement]::Escape($cmdlets[$c]))</text>")
}
$null = $svg.AppendLine('</svg>')
Set-Content -Path $Path -Value $svg.ToString() -Encoding utf8
Write-Verbose "Wrote $Path"
